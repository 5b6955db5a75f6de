package dev.mooring.flasharray.sim.config;

import dev.mooring.flasharray.sim.domain.NameRules;
import dev.mooring.kit.security.TokenPolicy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a {@link SimulatorConfig} and names the offending field in a {@link ConfigException}. */
final class ConfigValidator {
    private static final Set<String> ROLES = Set.of(ApiToken.ARRAY_ADMIN, ApiToken.STORAGE_ADMIN, ApiToken.OPS_ADMIN, ApiToken.READONLY);
    private static final Pattern WWN = Pattern.compile("([0-9A-Fa-f]{2}:){7}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{16}");

    private ConfigValidator() {
    }

    /** The admin API can cut links and take arrays down: enabled, it needs a strong token (never repeated here). */
    private static void checkAdminToken(AdminConfig admin) {
        if (!admin.enabled()) {
            return;
        }
        if (admin.token() == null || admin.token().isBlank()) {
            throw new ConfigException("admin.token: required when admin.enabled is true; " + TokenPolicy.HOW_TO_GENERATE);
        }
        TokenPolicy.weakness(admin.token()).ifPresent(why -> {
            throw new ConfigException("admin.token: " + why + "; " + TokenPolicy.HOW_TO_GENERATE);
        });
    }

    static void validate(SimulatorConfig c) {
        if (c.sessionTtl().isNegative() || c.sessionTtl().isZero()) {
            throw new ConfigException("sessionTtl: must be positive");
        }
        if (c.resyncDuration().isNegative()) {
            throw new ConfigException("resyncDuration: must not be negative");
        }
        if (c.eradicationDelay().isNegative()) {
            throw new ConfigException("eradicationDelay: must not be negative");
        }
        if (c.bindHost() == null || c.bindHost().isBlank()) {
            throw new ConfigException("bindHost: required");
        }
        if ((c.tls().certificateFile() == null) != (c.tls().keyFile() == null)) {
            throw new ConfigException("tls: certificateFile and keyFile go together (give both, or neither for a self-signed certificate)");
        }
        checkPort(c.admin().port(), "admin.port");
        checkAdminToken(c.admin());
        if (c.mediator().name() == null || c.mediator().name().isBlank()) {
            throw new ConfigException("mediator.name: required");
        }
        if (c.serverInstancesPerArray() < 0 || c.serverInstancesPerArray() > 64) {
            throw new ConfigException("serverInstancesPerArray: must be between 0 (automatic) and 64");
        }
        if (c.arrays().isEmpty()) {
            throw new ConfigException("arrays: at least one array is required");
        }
        Map<String, String> names = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        Map<Integer, String> ports = new HashMap<>();
        if (c.admin().enabled() && c.admin().port() != 0) {
            ports.put(c.admin().port(), "admin.port");
        }
        Map<String, Set<String>> realmsByArray = new HashMap<>();
        for (int i = 0; i < c.arrays().size(); i++) {
            ArrayConfig a = c.arrays().get(i);
            String p = "arrays[" + i + "]";
            String problem = NameRules.problem(a.name());
            if (problem != null) {
                throw new ConfigException(p + ".name: " + problem);
            }
            String prev = names.put(NameRules.key(a.name()), p);
            if (prev != null) {
                throw new ConfigException(p + ".name: duplicate array name '" + a.name() + "' (also " + prev + ")");
            }
            try {
                UUID.fromString(a.id());
            } catch (RuntimeException e) {
                throw new ConfigException(p + ".id: '" + a.id() + "' is not a UUID");
            }
            prev = ids.put(a.id().toLowerCase(Locale.ROOT), p);
            if (prev != null) {
                throw new ConfigException(p + ".id: duplicate array id (also " + prev + ")");
            }
            checkPort(a.port(), p + ".port");
            if (a.port() != 0) {
                prev = ports.put(a.port(), p + ".port");
                if (prev != null) {
                    throw new ConfigException(p + ".port: port " + a.port() + " is also used by " + prev);
                }
            }
            if (a.purityVersion() == null || a.purityVersion().isBlank()) {
                throw new ConfigException(p + ".purityVersion: required");
            }
            List<String> versions;
            try {
                versions = RestVersions.expand(a.restVersions());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p + ".restVersions: " + e.getMessage());
            }
            if (versions.stream().noneMatch(v -> v.startsWith("2."))) {
                throw new ConfigException(p + ".restVersions: at least one 2.x version is required");
            }
            if (a.capacity() <= 0) {
                throw new ConfigException(p + ".capacity: must be positive");
            }
            if (a.apiTokens().isEmpty()) {
                throw new ConfigException(p + ".apiTokens: at least one token is required");
            }
            Set<String> tokens = new HashSet<>();
            for (int t = 0; t < a.apiTokens().size(); t++) {
                ApiToken token = a.apiTokens().get(t);
                String tp = p + ".apiTokens[" + t + "]";
                try {
                    UUID.fromString(token.token());
                    if (token.token().length() != 36) {
                        throw new IllegalArgumentException();
                    }
                } catch (RuntimeException e) {
                    throw new ConfigException(tp + ".token: not a UUID (API tokens look like 3bdf3b60-f0c0-fa8e-83c1-b794ba8f3a96)");
                }
                if (!tokens.add(token.token().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(tp + ".token: duplicate token on this array");
                }
                if (token.user() == null || token.user().isBlank()) {
                    throw new ConfigException(tp + ".user: required");
                }
                if (!ROLES.contains(token.role())) {
                    throw new ConfigException(tp + ".role: '" + token.role() + "' is not one of " + new java.util.TreeSet<>(ROLES));
                }
            }
            for (int k = 0; k < a.iscsiPorts().size(); k++) {
                IscsiPort ip = a.iscsiPorts().get(k);
                String pp = p + ".iscsiPorts[" + k + "]";
                if (ip.name() == null || ip.name().isBlank()) {
                    throw new ConfigException(pp + ".name: required");
                }
                if (ip.iqn() == null || !ip.iqn().startsWith("iqn.")) {
                    throw new ConfigException(pp + ".iqn: must start with 'iqn.'");
                }
                if (ip.portal() == null || !ip.portal().contains(":")) {
                    throw new ConfigException(pp + ".portal: expected ip:port, e.g. 10.0.0.11:3260");
                }
            }
            for (int k = 0; k < a.fcPorts().size(); k++) {
                FcPort fp = a.fcPorts().get(k);
                String pp = p + ".fcPorts[" + k + "]";
                if (fp.name() == null || fp.name().isBlank()) {
                    throw new ConfigException(pp + ".name: required");
                }
                if (fp.wwn() == null || !WWN.matcher(fp.wwn()).matches()) {
                    throw new ConfigException(pp + ".wwn: expected 8 hex bytes, e.g. 52:4A:93:71:AF:4E:82:00");
                }
            }
            if (a.nvmeNqn() != null && !a.nvmeNqn().startsWith("nqn.")) {
                throw new ConfigException(p + ".nvmeNqn: must start with 'nqn.'");
            }
            Set<String> realms = new HashSet<>();
            for (int k = 0; k < a.realms().size(); k++) {
                String r = a.realms().get(k);
                problem = NameRules.problem(r);
                if (problem != null) {
                    throw new ConfigException(p + ".realms[" + k + "]: " + problem);
                }
                if (!realms.add(NameRules.key(r))) {
                    throw new ConfigException(p + ".realms[" + k + "]: duplicate realm '" + r + "'");
                }
            }
            realmsByArray.put(a.name(), realms);
        }
        Set<String> links = new HashSet<>();
        for (int i = 0; i < c.replicationLinks().size(); i++) {
            List<String> link = c.replicationLinks().get(i);
            String p = "replicationLinks[" + i + "]";
            if (link.size() != 2) {
                throw new ConfigException(p + ": a link joins exactly two arrays, e.g. [array-a, array-b]");
            }
            for (String n : link) {
                if (!realmsByArray.containsKey(n)) {
                    throw new ConfigException(p + ": unknown array '" + n + "'");
                }
            }
            if (link.get(0).equals(link.get(1))) {
                throw new ConfigException(p + ": an array cannot be linked to itself");
            }
            if (!links.add(linkKey(link.get(0), link.get(1)))) {
                throw new ConfigException(p + ": duplicate link between " + link.get(0) + " and " + link.get(1));
            }
        }
        Map<String, String> podNames = new HashMap<>();
        for (int i = 0; i < c.pods().size(); i++) {
            PodConfig pod = c.pods().get(i);
            String p = "pods[" + i + "]";
            String problem = NameRules.problem(pod.name());
            if (problem != null) {
                throw new ConfigException(p + ".name: " + problem);
            }
            if (pod.arrays().isEmpty() || pod.arrays().size() > 2) {
                throw new ConfigException(p + ".arrays: a pod lives on one array, or is stretched over two");
            }
            for (String n : pod.arrays()) {
                if (!realmsByArray.containsKey(n)) {
                    throw new ConfigException(p + ".arrays: unknown array '" + n + "'");
                }
                Set<String> realms = realmsByArray.get(n);
                if (realms.contains(NameRules.key(pod.name()))) {
                    throw new ConfigException(p + ".name: '" + pod.name() + "' is already the name of a realm on " + n);
                }
                if (pod.realm() != null && !realms.contains(NameRules.key(pod.realm()))) {
                    throw new ConfigException(p + ".realm: realm '" + pod.realm() + "' is not configured on array " + n);
                }
                String prev = podNames.put(n + "/" + NameRules.key(pod.qualifiedName()), p);
                if (prev != null) {
                    throw new ConfigException(p + ".name: duplicate pod '" + pod.qualifiedName() + "' on array " + n + " (also " + prev + ")");
                }
            }
            if (pod.arrays().size() == 2) {
                if (pod.arrays().get(0).equals(pod.arrays().get(1))) {
                    throw new ConfigException(p + ".arrays: the same array twice");
                }
                if (!links.contains(linkKey(pod.arrays().get(0), pod.arrays().get(1)))) {
                    throw new ConfigException(p + ".arrays: stretching over " + pod.arrays() + " needs a replicationLinks entry for them");
                }
            }
            for (String pref : pod.failoverPreferences()) {
                if (!pod.arrays().contains(pref)) {
                    throw new ConfigException(p + ".failoverPreferences: '" + pref + "' is not one of the pod's arrays " + pod.arrays());
                }
            }
        }
    }

    private static void checkPort(int port, String field) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(field + ": " + port + " is not a port (0 picks a free one)");
        }
    }

    static String linkKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
