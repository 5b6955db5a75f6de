package dev.mooring.flasharray.sim.config;

/**
 * The admin (fault injection and inspection) HTTP API: plain HTTP on {@code bindHost:port}, off unless enabled, and
 * then only for requests that carry {@code Authorization: Bearer <token>} — it can break every simulated array, so
 * enabling it without a strong token is a configuration error.
 */
public record AdminConfig(boolean enabled, int port, String token) {
    public static AdminConfig disabled() {
        return new AdminConfig(false, 0, null);
    }

    public static AdminConfig enabledOnPort(int port, String token) {
        return new AdminConfig(true, port, token);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AdminConfig[enabled=" + enabled + ", port=" + port + ", token=" + (token == null ? "none" : "****") + "]";
    }
}
