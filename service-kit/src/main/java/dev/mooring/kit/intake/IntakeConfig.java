package dev.mooring.kit.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mooring.intake.*}: how events are taken off Kafka. */
@ConfigMapping(prefix = "mooring.intake")
public interface IntakeConfig {

    /**
     * Events admitted and not yet handled, over all channels and keys; the consumer waits beyond it. One key's
     * events are always handled one at a time, in order.
     */
    @WithDefault("64")
    int maxInFlight();

    Retry retry();

    /** Retries of a transiently failing event before it is parked. */
    interface Retry {
        /** First wait. */
        @WithDefault("200ms")
        Duration initial();

        /** Longest wait. */
        @WithDefault("5s")
        Duration max();

        /**
         * How long an event is retried before it is parked (a job redelivers it, the record is acknowledged). Keep it
         * well below the connector's limit for an unacknowledged record (60 s).
         */
        @WithDefault("20s")
        Duration budget();
    }
}
