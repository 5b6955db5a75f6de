package dev.mooring.health.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Node liveness, the two-minute takeover and ActiveCluster pod polling (every key with its default: README.md). */
@ConfigMapping(prefix = "mooring.health")
public interface HealthConfig {

    /** A node without a heartbeat for this long is Offline (Kubernetes' node-monitor grace period). */
    @WithDefault("40s")
    Duration gracePeriod();

    /** A storage node still without a heartbeat this long after its LAST heartbeat is taken over. */
    @WithDefault("120s")
    Duration takeoverAfter();

    /** How often the scheduler looks for stored deadlines that are due (its resolution). */
    @WithDefault("1s")
    Duration schedulerInterval();

    /**
     * Heartbeats of Online nodes are kept in memory and written to the database in one batch this often (a
     * transition — Offline, recovery — is written at once). Must stay well below the grace period.
     */
    @WithDefault("5s")
    Duration heartbeatFlushInterval();

    /** A blocked takeover is tried again this often even when no candidate event arrived. */
    @WithDefault("30s")
    Duration blockedRetryInterval();

    /** Due nodes handled per scheduler transaction. */
    @WithDefault("100")
    int schedulerBatchSize();

    /** How often every stretched pod's status is read from every registered array. */
    @WithDefault("5s")
    Duration podPollInterval();

    /** Whether pods are polled at all. */
    @WithDefault("true")
    boolean podPollEnabled();

    /** Limit of the readiness check's attempt to reach Kafka (read by service-kit). */
    @WithDefault("2s")
    Duration kafkaTimeout();

    /** When takeovers pause because silence is not trustworthy evidence (mass silence, a broken API server view). */
    TakeoverPause takeoverPause();

    interface TakeoverPause {

        /**
         * Takeovers pause when MORE than this share of the followed nodes went Offline within one grace period
         * (a fraction such as {@code 1/3} or a decimal such as {@code 0.5}).
         */
        @WithDefault("1/3")
        String massSilenceShare();

        /** ... and at least this many of them (a small cluster losing one or two nodes is not a mass). */
        @WithDefault("3")
        int massSilenceMinimum();

        /**
         * The Lease watch's view is stale (takeovers pause) after this long without a Lease event or relist while
         * Leases exist; kubelets renew every 10 s. Keep it below takeover-after minus the grace period.
         */
        @WithDefault("40s")
        Duration staleAfter();

        /** A watch may reconnect for this long (API servers close watches routinely) before the view is unreachable. */
        @WithDefault("5s")
        Duration reconnectTolerance();
    }

    /** Following Kubernetes: node Leases and Node Ready conditions. */
    Kubernetes kubernetes();

    interface Kubernetes {

        /** Watch Leases and Nodes; false: heartbeats come from node agents only (REST). */
        @WithDefault("true")
        boolean enabled();

        /** The namespace of the kubelets' node Leases. */
        @WithDefault("kube-node-lease")
        String leaseNamespace();

        /** Informer resync (a resync re-delivers every object; only an advanced renewTime is a heartbeat). */
        @WithDefault("10m")
        Duration resync();
    }
}
