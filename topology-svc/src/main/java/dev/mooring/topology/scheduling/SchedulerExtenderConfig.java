package dev.mooring.topology.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes scheduler extender ({@code POST /api/v1/scheduler/filter} and {@code …/prioritize}): which PVs are
 * Mooring's, where it learns replica places, and how long kube-scheduler is kept waiting.
 */
@ConfigMapping(prefix = "mooring.scheduler-extender")
public interface SchedulerExtenderConfig {

    /** CSI driver names of Mooring's PVs (the provisioner's {@code mooring.provisioner.names}). */
    @WithDefault("pxd.portworx.com")
    List<String> csiDrivers();

    /** provisioner-svc's base URL for replica places, e.g. {@code https://provisioner-svc.mooring:8443}; none: pool-backed volumes are not scored. */
    Optional<String> provisionerUrl();

    /** File holding the bearer token for provisioner-svc (its first if comma-separated; re-read on each call, so a rotated Secret takes effect). */
    Optional<Path> provisionerTokenFile();

    /** PEM file of the CA that signs provisioner-svc's certificate; none: the JVM's default trust. */
    Optional<Path> provisionerCaFile();

    /** How long a volume's replica places are reused before provisioner-svc is asked again. */
    @WithDefault("10s")
    Duration replicaCacheTtl();

    /** How long the extender waits for provisioner-svc before scoring without replica places. */
    @WithDefault("1s")
    Duration provisionerTimeout();

    /** How long the arrays' pod states ({@code GET /pods}) are reused before the arrays are asked again. */
    @WithDefault("5s")
    Duration arrayPodsCacheTtl();

    /** How long the extender waits for an array's pods before counting the array unreachable this round. */
    @WithDefault("1s")
    Duration arrayTimeout();
}
