package dev.mooring.flasharray.sim.config;

/** The admin (fault injection and inspection) HTTP API: plain HTTP on {@code bindHost:port}, off unless enabled. */
public record AdminConfig(boolean enabled, int port) {
    public static AdminConfig disabled() {
        return new AdminConfig(false, 0);
    }

    public static AdminConfig enabledOnPort(int port) {
        return new AdminConfig(true, port);
    }
}
