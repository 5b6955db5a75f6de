package dev.mooring.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The cluster's storage configuration ({@code mooring.storage.*}); the ConfigMap {@code mooring-storage}
 * overrides any of the first six keys (its data keys are their camelCase names) while it exists. Values are
 * text, read by one parser for both sources so both reject the same mistakes with the same words.
 */
@ConfigMapping(prefix = "mooring.storage")
public interface StorageConfig {

    /** The drives each storage node gets, one {@code size=<GiB>} spec per drive, e.g. {@code size=150,size=150}. */
    @WithDefault("size=150")
    String driveSpecs();

    /** At most this many storage nodes per zone; unset (or {@code unlimited}): every node of the zone. */
    Optional<String> maxStorageNodesPerZone();

    /** A pool at or above this use, in percent of its capacity, is expanded (once per crossing). */
    @WithDefault("80")
    String expansionThresholdPercent();

    /** A pool never has more drives than this. */
    @WithDefault("8")
    String maxDrivesPerNode();

    /** No drive is made or grown larger than this many GiB. */
    @WithDefault("2048")
    String maxDriveSizeGib();

    /** {@code grow} (resize the drives; preferred, moves no data) or {@code add} (add a drive). */
    @WithDefault("grow")
    String expansionMode();

    /** How often each pool's use is read from the arrays (and unfinished drives are made). */
    @WithDefault("30s")
    Duration checkInterval();

    /** The watched ConfigMap. */
    ConfigMapSource configMap();

    interface ConfigMapSource {

        /** Watch the ConfigMap (only when the provisioner watches Kubernetes at all). */
        @WithDefault("true")
        boolean enabled();

        /** Its name. */
        @WithDefault("mooring-storage")
        String name();

        /** Its namespace; default: the namespace the service runs in (the Kubernetes client's). */
        Optional<String> namespace();
    }
}
