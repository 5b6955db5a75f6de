package dev.mooring.topology.dr.migration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** {@code mooring.dr.migration.*}: copying applications' Kubernetes objects to the paired cluster domain. */
@ConfigMapping(prefix = "mooring.dr.migration")
public interface MigrationConfig {

    /** Watch ClusterPairs and MigrationSchedules and run the schedules (false: only the on-demand API works). */
    @WithDefault("true")
    boolean enabled();

    /** The interval of a MigrationSchedule that sets no {@code spec.interval}. */
    @WithDefault("15m")
    Duration defaultInterval();

    /** The CSI drivers whose PVs are Mooring's (a PVC bound to another driver's PV is reported unprotected). */
    @WithDefault("pxd.portworx.com")
    List<String> drivers();

    /** How soon a failed run is tried again (never later than the schedule's interval). */
    @WithDefault("1m")
    Duration failedRetry();

    /** How often each ClusterPair's API server is checked and its {@code status.reachable} written. */
    @WithDefault("1m")
    Duration pairCheckInterval();

    /** Connect and request timeout of the client built for a paired cluster. */
    @WithDefault("10s")
    Duration pairTimeout();
}
