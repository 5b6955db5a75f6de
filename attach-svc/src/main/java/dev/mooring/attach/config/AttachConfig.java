package dev.mooring.attach.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How attach-svc attaches, detaches and reconciles. Every key is listed in attach-svc/README.md; the attempts at an
 * array step are the kit's ({@code mooring.arrays.attempts}, {@code mooring.arrays.retry-backoff}).
 */
@ConfigMapping(prefix = "mooring.attach")
public interface AttachConfig {

    /** VolumeAttachments whose {@code spec.attacher} is one of these are Mooring's (the provisioner/driver names). */
    @WithDefault("pxd.portworx.com")
    List<String> attacherNames();

    /** Node annotations that carry initiators. */
    Annotations annotations();

    /** Kubernetes watchers (Nodes, VolumeAttachments). */
    Kube kube();

    /** How long an array's target ports (IQN, portals, WWNs) are reused before they are read again. */
    @WithDefault("60s")
    Duration portsCacheTtl();

    /** The reconciliation loop. */
    Reconcile reconcile();

    /** Takeovers (fence the failed node, then move its drives to the replacement). */
    Takeover takeover();

    interface Takeover {
        /**
         * How often unfinished takeovers are resumed (a fence an array could not confirm, a move that failed, a
         * takeover a restart interrupted), and pending drives are connected again.
         */
        @WithDefault("10s")
        Duration retryInterval();

        /**
         * Admin tokens that may override a stuck fence ({@code POST /api/v1/nodes/{name}/fence/override}, header
         * {@code Mooring-Admin-Token}). None by default: overrides are refused until one is configured.
         */
        Optional<List<String>> adminTokens();
    }

    interface Annotations {
        /** Node annotation with the node's iSCSI IQN(s), comma-separated. */
        @WithDefault("mooring.dev/iscsi-iqn")
        String iscsiIqn();

        /** Node annotation with the node's Fibre Channel port WWNs, comma-separated, colons allowed. */
        @WithDefault("mooring.dev/fc-wwns")
        String fcWwns();
    }

    interface Kube {
        /** Watch Nodes and VolumeAttachments (off: REST only, e.g. without a cluster). */
        @WithDefault("true")
        boolean watch();

        /** Informer resync period: every object is seen again this often. */
        @WithDefault("5m")
        Duration resync();

        /** Finalizer put on Mooring's VolumeAttachments so that a deletion waits for the detach. */
        @WithDefault("mooring.dev/attach")
        String finalizer();
    }

    interface Reconcile {
        /** Run the loop at all. */
        @WithDefault("true")
        boolean enabled();

        /** Time between two passes. */
        @WithDefault("30s")
        Duration interval();

        /**
         * A VolumeAttachment's failed attach is tried again by the loop once it is this old (as the external-attacher
         * retries), unless an event wakes it first (detach of the holder, initiators, the volume becoming known).
         */
        @WithDefault("1m")
        Duration retryFailedAfter();
    }
}
