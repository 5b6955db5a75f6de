package dev.mooring.flasharray.sim.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Maps a YAML/JSON tree onto {@link SimulatorConfig}, naming the field in every error. Unknown keys are errors. */
final class ConfigReader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigReader() {
    }

    static SimulatorConfig read(InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException("simulator configuration is not valid YAML/JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("simulator configuration is empty");
        }
        requireObject(root, "(root)");
        checkKeys(root, "", Set.of("sessionTtl", "resyncDuration", "eradicationDelay", "refuseDestroyConnectedVolume",
                "bindHost", "tls", "admin", "mediator", "arrays", "replicationLinks", "pods", "serverInstancesPerArray"));
        SimulatorConfig d = SimulatorConfig.defaults();
        Duration ttl = duration(root, "sessionTtl", d.sessionTtl());
        Duration resync = duration(root, "resyncDuration", d.resyncDuration());
        Duration erad = duration(root, "eradicationDelay", d.eradicationDelay());
        boolean refuse = bool(root, "refuseDestroyConnectedVolume", "refuseDestroyConnectedVolume", false);
        String bindHost = text(root, "bindHost", "bindHost", SimulatorConfig.DEFAULT_BIND_HOST);
        int instances = integer(root, "serverInstancesPerArray", "serverInstancesPerArray", 0);

        TlsConfig tls = TlsConfig.selfSigned();
        JsonNode t = root.get("tls");
        if (t != null && !t.isNull()) {
            requireObject(t, "tls");
            checkKeys(t, "tls.", Set.of("certificateFile", "keyFile", "writeCertificateTo"));
            tls = new TlsConfig(path(t, "certificateFile", "tls.certificateFile"), path(t, "keyFile", "tls.keyFile"),
                    path(t, "writeCertificateTo", "tls.writeCertificateTo"));
        }
        AdminConfig admin = AdminConfig.disabled();
        JsonNode a = root.get("admin");
        if (a != null && !a.isNull()) {
            requireObject(a, "admin");
            checkKeys(a, "admin.", Set.of("enabled", "port", "token"));
            admin = new AdminConfig(bool(a, "enabled", "admin.enabled", false), integer(a, "port", "admin.port", 0),
                    text(a, "token", "admin.token", null));
        }
        MediatorConfig mediator = MediatorConfig.defaults();
        JsonNode m = root.get("mediator");
        if (m != null && !m.isNull()) {
            requireObject(m, "mediator");
            checkKeys(m, "mediator.", Set.of("name"));
            mediator = new MediatorConfig(text(m, "name", "mediator.name", MediatorConfig.DEFAULT_NAME));
        }
        List<ArrayConfig> arrays = list(root, "arrays", ConfigReader::array);
        List<List<String>> links = list(root, "replicationLinks", (n, p) -> stringList(n, p));
        List<PodConfig> pods = list(root, "pods", ConfigReader::pod);
        return new SimulatorConfig(ttl, resync, erad, refuse, bindHost, tls, admin, mediator, arrays, links, pods,
                instances, null);
    }

    private static ArrayConfig array(JsonNode n, String p) {
        requireObject(n, p);
        checkKeys(n, p + ".", Set.of("name", "id", "port", "purityVersion", "restVersions", "capacity", "apiTokens",
                "iscsiPorts", "fcPorts", "nvmeNqn", "nvmePorts", "realms"));
        String name = text(n, "name", p + ".name", null);
        if (name == null) {
            throw new ConfigException(p + ".name: required");
        }
        ArrayConfig d = ArrayConfig.named(name);
        String id = text(n, "id", p + ".id", d.id());
        int port = integer(n, "port", p + ".port", 0);
        String purity = text(n, "purityVersion", p + ".purityVersion", ArrayConfig.DEFAULT_PURITY_VERSION);
        List<String> rest = n.has("restVersions") ? stringList(n.get("restVersions"), p + ".restVersions") : ArrayConfig.DEFAULT_REST_VERSIONS;
        long capacity = ArrayConfig.DEFAULT_CAPACITY;
        JsonNode c = n.get("capacity");
        if (c != null && !c.isNull()) {
            if (c.isIntegralNumber()) {
                capacity = c.asLong();
            } else if (c.isTextual()) {
                try {
                    capacity = Quantities.parseBytes(c.asText());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(p + ".capacity: " + e.getMessage());
                }
            } else {
                throw new ConfigException(p + ".capacity: expected bytes (a number) or a quantity like \"10Ti\"");
            }
        }
        List<ApiToken> tokens = n.has("apiTokens") ? list(n, "apiTokens", p + ".apiTokens", (t, tp) -> {
            requireObject(t, tp);
            checkKeys(t, tp + ".", Set.of("token", "user", "role"));
            String token = text(t, "token", tp + ".token", null);
            if (token == null) {
                throw new ConfigException(tp + ".token: required");
            }
            return new ApiToken(token, text(t, "user", tp + ".user", "pureuser"), text(t, "role", tp + ".role", ApiToken.ARRAY_ADMIN));
        }) : d.apiTokens();
        List<IscsiPort> iscsi = list(n, "iscsiPorts", p + ".iscsiPorts", (t, tp) -> {
            requireObject(t, tp);
            checkKeys(t, tp + ".", Set.of("name", "iqn", "portal"));
            return new IscsiPort(text(t, "name", tp + ".name", null), text(t, "iqn", tp + ".iqn", null), text(t, "portal", tp + ".portal", null));
        });
        List<FcPort> fc = list(n, "fcPorts", p + ".fcPorts", (t, tp) -> {
            requireObject(t, tp);
            checkKeys(t, tp + ".", Set.of("name", "wwn"));
            return new FcPort(text(t, "name", tp + ".name", null), text(t, "wwn", tp + ".wwn", null));
        });
        List<NvmePort> nvme = list(n, "nvmePorts", p + ".nvmePorts", (t, tp) -> {
            requireObject(t, tp);
            checkKeys(t, tp + ".", Set.of("name", "portal"));
            return new NvmePort(text(t, "name", tp + ".name", null), text(t, "portal", tp + ".portal", null));
        });
        String nqn = text(n, "nvmeNqn", p + ".nvmeNqn", null);
        List<String> realms = n.has("realms") ? stringList(n.get("realms"), p + ".realms") : List.of();
        return new ArrayConfig(name, id, port, purity, rest, capacity, tokens, iscsi, fc, nqn, nvme, realms).withDefaultPorts();
    }

    private static PodConfig pod(JsonNode n, String p) {
        requireObject(n, p);
        checkKeys(n, p + ".", Set.of("name", "arrays", "failoverPreferences", "realm"));
        String name = text(n, "name", p + ".name", null);
        if (name == null) {
            throw new ConfigException(p + ".name: required");
        }
        List<String> arrays = n.has("arrays") ? stringList(n.get("arrays"), p + ".arrays") : List.of();
        List<String> prefs = n.has("failoverPreferences") ? stringList(n.get("failoverPreferences"), p + ".failoverPreferences") : List.of();
        return new PodConfig(name, arrays, prefs, text(n, "realm", p + ".realm", null));
    }

    private static void requireObject(JsonNode n, String p) {
        if (!n.isObject()) {
            throw new ConfigException(p + ": expected an object");
        }
    }

    private static void checkKeys(JsonNode n, String prefix, Set<String> known) {
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException(prefix + k + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(JsonNode n, String key, String p, String dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new ConfigException(p + ": expected a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String key, String p, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new ConfigException(p + ": expected true or false");
    }

    private static int integer(JsonNode n, String key, String p, int dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ConfigException(p + ": expected an integer");
    }

    private static Path path(JsonNode n, String key, String p) {
        String s = text(n, key, p, null);
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    private static Duration duration(JsonNode n, String key, Duration dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        try {
            return Duration.parse(v.asText().trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(key + ": '" + v.asText() + "' is not an ISO-8601 duration like PT1H or PT10S");
        }
    }

    private static List<String> stringList(JsonNode n, String p) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new ConfigException(p + ": expected a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isValueNode() || e.isNull()) {
                throw new ConfigException(p + "[" + i + "]: expected a string");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static <T> List<T> list(JsonNode parent, String key, BiFunction<JsonNode, String, T> f) {
        return list(parent, key, key, f);
    }

    private static <T> List<T> list(JsonNode parent, String key, String p, BiFunction<JsonNode, String, T> f) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new ConfigException(p + ": expected a list");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(f.apply(n.get(i), p + "[" + i + "]"));
        }
        return out;
    }
}
