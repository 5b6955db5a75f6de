package dev.mooring.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How volumes are provisioned. */
@ConfigMapping(prefix = "mooring.provisioner")
public interface ProvisionerConfig {

    /** First part of every array volume name Mooring creates: {@code <prefix>-<name>-<id>}. */
    @WithDefault("mooring")
    String volumeNamePrefix();

    /** Attempts at creating or destroying an array volume before the request is reported failed. */
    @WithDefault("5")
    int arrayAttempts();

    /** Wait between those attempts (doubled each time). */
    @WithDefault("500ms")
    Duration arrayRetryBackoff();
}
