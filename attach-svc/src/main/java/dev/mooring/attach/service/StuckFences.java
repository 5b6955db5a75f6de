package dev.mooring.attach.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of fences that arrays do not confirm: {@code mooring.attach.fence.unconfirmed} counts each array that
 * did not confirm an attempt (tag {@code array}); {@code mooring.attach.fences.stuck} is the number of takeovers whose
 * last attempt on this instance was not confirmed; {@code mooring.attach.fence.confirmation} (histogram, seconds) is
 * the time from a takeover's decision to its fence's confirmation. The takeover's row (REST) says which arrays and why.
 */
@ApplicationScoped
@Startup // its meters exist from the start, at zero: the alert on stuck fences must not wait for a first fence
public class StuckFences {

    @Inject
    MeterRegistry metrics;

    private final Map<String, Integer> stuck = new ConcurrentHashMap<>();
    private Timer confirmation;

    @PostConstruct
    void register() {
        metrics.gauge("mooring.attach.fences.stuck", stuck, Map::size);
        confirmation = Timer.builder("mooring.attach.fence.confirmation")
                .description("From a takeover's decision to every array confirming its fence").register(metrics);
    }

    void notConfirmed(String takeoverId, Map<String, String> problemsByArray) {
        stuck.put(takeoverId, problemsByArray.size());
        problemsByArray.keySet().forEach(array -> Counter.builder("mooring.attach.fence.unconfirmed")
                .description("Fence attempts an array did not confirm").tag("array", array).register(metrics)
                .increment());
    }

    void confirmed(String takeoverId, Duration sinceDecided) {
        stuck.remove(takeoverId);
        if (sinceDecided != null) {
            confirmation.record(sinceDecided.abs());
        }
    }

    /** How many takeovers this instance last saw unconfirmed. */
    public int count() {
        return stuck.size();
    }
}
