package dev.mooring.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's settings, each a flag ({@code --name value}) or else an environment variable
 * ({@code MOORING_CONSOLE_NAME}), else its default. A bad value is refused naming the setting and the reason.
 *
 * @param host           {@code --host}: the address to listen on (default 127.0.0.1: this machine only)
 * @param port           {@code --port}: the port (default 8070; 0: any free one)
 * @param provisionerUrl {@code --provisioner-url}: provisioner-svc's base URL (default http://127.0.0.1:8081)
 * @param attachUrl      {@code --attach-url}: attach-svc's (default http://127.0.0.1:8082)
 * @param healthUrl      {@code --health-url}: health-svc's (default http://127.0.0.1:8083)
 * @param topologyUrl    {@code --topology-url}: topology-svc's, only for its health (default none)
 * @param tokenFile      {@code --token-file}: a file holding the services' API token (required)
 * @param caFile         {@code --ca-file}: a PEM file of the CA to trust for https URLs (default: the JDK's trust)
 * @param refreshSeconds {@code --refresh-seconds}: how often a page reloads itself (default 10; 0: never)
 */
public record ConsoleSettings(String host, int port, String provisionerUrl, String attachUrl, String healthUrl,
                              String topologyUrl, Path tokenFile, Path caFile, int refreshSeconds) {

    /** Every setting's flag and default (null: none). */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("host", "127.0.0.1");
        d.put("port", "8070");
        d.put("provisioner-url", "http://127.0.0.1:8081");
        d.put("attach-url", "http://127.0.0.1:8082");
        d.put("health-url", "http://127.0.0.1:8083");
        d.put("topology-url", null);
        d.put("token-file", null);
        d.put("ca-file", null);
        d.put("refresh-seconds", "10");
        return d;
    }

    /** The settings from {@code --name value} flags, then {@code environment}, then the defaults. */
    public static ConsoleSettings parse(List<String> args, Function<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String name = flag.startsWith("--") ? flag.substring(2) : null;
            if (name == null || !DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + flag + " (known: --"
                        + String.join(", --", DEFAULTS.keySet()) + ")");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            values.put(name, args.get(++i));
        }
        Function<String, String> value = name -> {
            String v = values.get(name);
            if (v == null) {
                v = environment.apply("MOORING_CONSOLE_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            }
            return v == null || v.isBlank() ? DEFAULTS.get(name) : v;
        };
        String tokenFile = value.apply("token-file");
        if (tokenFile == null) {
            throw new IllegalArgumentException("--token-file (or MOORING_CONSOLE_TOKEN_FILE) is required: a file holding "
                    + "the services' API token");
        }
        String caFile = value.apply("ca-file");
        return new ConsoleSettings(value.apply("host"), number("port", value.apply("port"), 0, 65535),
                value.apply("provisioner-url"), value.apply("attach-url"), value.apply("health-url"),
                value.apply("topology-url"), Path.of(tokenFile), caFile == null ? null : Path.of(caFile),
                number("refresh-seconds", value.apply("refresh-seconds"), 0, 3600));
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + "=" + value + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + "=" + value + " is not a whole number");
        }
    }

    /** The token from {@link #tokenFile}, refused (without showing it) if the file is missing or empty. */
    public String readToken() {
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("--token-file=" + tokenFile + " is empty: it must hold the API token");
            }
            if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("--token-file=" + tokenFile + " must hold the token alone, on one line");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--token-file=" + tokenFile + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file=" + tokenFile + " cannot be read: " + e.getMessage());
        }
    }
}
