package dev.mooring.ctl.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A context file: where one Mooring installation's services are and how to reach them. YAML:
 * <pre>
 * name: devstack
 * services:
 *   provisioner-svc: http://127.0.0.1:8081
 *   attach-svc: …
 *   health-svc: …
 *   topology-svc: …
 * tokenFile: api-token        # or token: …; relative paths are relative to this file
 * ca: ca.pem                  # optional: the CA of the services' certificates (HTTPS)
 * </pre>
 */
public record ContextFile(Path file, String name, Map<String, String> services, String token, Path tokenFile, Path ca) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("name", "services", "token", "tokenFile", "ca");

    /** Reads and checks a context file; a problem names the file and the key. */
    public static ContextFile read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("context file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("context file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("context file " + file + " must be a YAML mapping (name, services, tokenFile, ca)");
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ConfigException("context file " + file + ": unknown key '" + key + "' (known: name, services,"
                        + " token, tokenFile, ca)");
            }
        });
        Map<String, String> services = new LinkedHashMap<>();
        JsonNode serviceNode = root.path("services");
        if (!serviceNode.isMissingNode() && !serviceNode.isObject()) {
            throw new ConfigException("context file " + file + ": services must map a service name to its URL");
        }
        serviceNode.fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue().asText()));
        Path dir = file.toAbsolutePath().getParent();
        String name = root.path("name").asText(file.getFileName().toString());
        return new ContextFile(file, name, services, text(root, "token"), path(dir, text(root, "tokenFile")),
                path(dir, text(root, "ca")));
    }

    /** How errors name this context: {@code context devstack (/…/mooringctl.yaml)}. */
    public String describe() {
        return "context " + name + " (" + file + ")";
    }

    private static String text(JsonNode root, String key) {
        JsonNode value = root.path(key);
        return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Path path(Path dir, String value) {
        return value == null ? null : dir.resolve(value).normalize();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
