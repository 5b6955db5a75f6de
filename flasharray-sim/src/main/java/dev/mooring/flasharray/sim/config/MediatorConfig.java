package dev.mooring.flasharray.sim.config;

/** The ActiveCluster Mediator every pod uses by default; its name is what pods report as {@code mediator}. */
public record MediatorConfig(String name) {
    public static final String DEFAULT_NAME = "purestorage";

    public static MediatorConfig defaults() {
        return new MediatorConfig(DEFAULT_NAME);
    }
}
