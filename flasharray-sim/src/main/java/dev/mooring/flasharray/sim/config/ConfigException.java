package dev.mooring.flasharray.sim.config;

/** An invalid simulator configuration; the message names the offending field (e.g. {@code arrays[1].port}). */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
