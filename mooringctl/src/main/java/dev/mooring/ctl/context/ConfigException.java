package dev.mooring.ctl.context;

/** A setting of mooringctl that cannot be used, with the setting's name and what to do. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
