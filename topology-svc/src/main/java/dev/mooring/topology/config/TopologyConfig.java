package dev.mooring.topology.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How topology-svc derives, writes back and reports node topology. */
@ConfigMapping(prefix = "mooring.topology")
public interface TopologyConfig {

    /** Region of a node that no label and no px_env report places (Portworx also says {@code default}). */
    @WithDefault("default")
    String defaultRegion();

    /** Zone of a node that no label and no px_env report places. */
    @WithDefault("default")
    String defaultZone();

    /** Rack of a node that no {@code px/rack} label and no px_env report places; none when unset. */
    Optional<String> defaultRack();

    /**
     * How often every node is looked at again even without a change (the informer's resync): retries a label
     * write that failed and catches anything missed. A resync that finds nothing new emits nothing.
     */
    @WithDefault("10m")
    Duration resyncInterval();

    /** Retries of a node whose reconciliation failed (database or Kubernetes API away): its work queue's backoff. */
    Retry retry();

    interface Retry {
        /** First wait; doubled after each further failure of the same node. */
        @WithDefault("500ms")
        Duration initial();

        /** Longest wait between two tries. */
        @WithDefault("1m")
        Duration max();
    }
}
