package dev.mooring.health.messaging;

/** The incoming channels of health-svc (named in {@code mooring.kafka.consumes}; service-kit configures each). */
public final class Channels {

    /** {@code mooring.nodes}: node observations, topology, storage roles and takeover phases. */
    public static final String NODES = "nodes";

    private Channels() {
    }
}
