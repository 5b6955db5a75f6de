package dev.mooring.kit.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code mooring.jobs.*}: how the service runs its durable jobs. */
@ConfigMapping(prefix = "mooring.jobs")
public interface JobsConfig {

    /** Run jobs in this instance (off only to hold work back in a test or an incident). */
    @WithDefault("true")
    boolean enabled();

    /** Jobs run at once by this instance; more wait (their keys keep their order). */
    @WithDefault("32")
    int concurrency();

    /**
     * How long a claimed job is held without its instance renewing the hold (renewed every third of it): after a
     * crash, another instance (or the restarted one) takes the job over after at most this long.
     */
    @WithDefault("15s")
    Duration lease();

    /** Safety-net poll for due jobs; new jobs wake the runner at once. */
    @WithDefault("1s")
    Duration pollInterval();

    /** A job that fails this many times in a row with the same failure is dead-lettered. */
    @WithDefault("5")
    int maxSameFailures();

    /** How long shutdown waits for running jobs before leaving them to their leases. */
    @WithDefault("10s")
    Duration stopGrace();

    /** Names this instance in job leases (default: the service name); a random suffix is added per process. */
    Optional<String> instanceId();

    Retry retry();

    /** Backoff of a failed job. */
    interface Retry {
        /** First wait after a failure. */
        @WithDefault("1s")
        Duration initial();

        /** Longest wait between two runs of a failing job. */
        @WithDefault("5m")
        Duration max();
    }
}
