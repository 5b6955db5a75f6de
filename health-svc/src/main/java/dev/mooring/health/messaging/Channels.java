package dev.mooring.health.messaging;

/** The incoming channels of health-svc; application.properties maps each to its topic and dead-letter topic. */
public final class Channels {

    /** {@code mooring.nodes}: node observations, topology, storage roles and takeover phases. */
    public static final String NODES = "nodes";

    private Channels() {
    }
}
