package dev.mooring.flasharray.client;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A FlashArray management endpoint in {@code pure.json} {@code MgmtEndPoint} style: an IPv4 address, an
 * FQDN or a bracketed IPv6 address ({@code [fd00::10]}), with an optional {@code :port} (default 443).
 * No scheme means HTTPS; an explicit {@code https://} is accepted; {@code http://} is refused (the API
 * token would travel in clear); user information ({@code user:password@}) is refused without being repeated.
 *
 * @param host host name or address, IPv6 without brackets
 * @param port TCP port
 */
public record Endpoint(String host, int port) {

    public static final int DEFAULT_PORT = 443;

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[a-zA-Z0-9_.-]+)?");

    public Endpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port out of range: " + port);
        }
    }

    /** Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, optionally prefixed by https://. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be empty");
        }
        if (text.indexOf('@') >= 0) {
            // user@host or user:password@host: a credential, so the text is not repeated (the others below may be).
            throw new IllegalArgumentException("endpoint must not contain user information (user@ or user:password@); "
                    + "put credentials in the API token");
        }
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            s = s.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            throw new IllegalArgumentException("endpoint must use HTTPS, not http://: " + text);
        } else if (s.contains("://")) {
            throw new IllegalArgumentException("unsupported scheme in endpoint: " + text);
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.contains("/") || s.contains("?") || s.contains("#")) {
            throw new IllegalArgumentException("endpoint must be host[:port] without path: " + text);
        }
        String host;
        int port = DEFAULT_PORT;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address in endpoint: " + text);
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after IPv6 address: " + text);
                }
                port = parsePort(rest.substring(1), text);
            }
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw new IllegalArgumentException("invalid IPv6 address in endpoint: " + text);
            }
        } else {
            int colons = s.length() - s.replace(":", "").length();
            if (colons > 1) {
                // A bare IPv6 address: accepted without a port, as pure.json users sometimes write it.
                if (!IPV6.matcher(s).matches()) {
                    throw new IllegalArgumentException("invalid endpoint: " + text);
                }
                host = s;
            } else if (colons == 1) {
                int i = s.indexOf(':');
                host = s.substring(0, i);
                port = parsePort(s.substring(i + 1), text);
            } else {
                host = s;
            }
            if (!HOSTNAME.matcher(host).matches() && !host.contains(":")) {
                throw new IllegalArgumentException("invalid host in endpoint: " + text);
            }
        }
        return new Endpoint(host, port);
    }

    private static int parsePort(String p, String text) {
        if (!p.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("invalid port in endpoint: " + text);
        }
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in endpoint: " + text);
        }
        return port;
    }

    /** True for an IPv6 literal. */
    public boolean isIpv6() {
        return host.contains(":");
    }

    /** {@code host:port}, IPv6 bracketed: the form used in logs and exceptions. */
    public String authority() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code https://host:port}. */
    public String baseUrl() {
        return "https://" + authority();
    }

    @Override
    public String toString() {
        return authority();
    }
}
