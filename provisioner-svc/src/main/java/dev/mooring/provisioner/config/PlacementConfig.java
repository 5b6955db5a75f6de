package dev.mooring.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Retrying pool-backed volumes whose replicas could not be placed. */
@ConfigMapping(prefix = "mooring.provisioner.placement")
public interface PlacementConfig {

    /**
     * How often volumes that failed placement are tried again, as a safety net: they are tried at once when a
     * pool gains capacity (came online, expanded, moved, or its use dropped at a pool check), and this catches
     * anything else.
     */
    @WithDefault("30s")
    Duration retryInterval();
}
