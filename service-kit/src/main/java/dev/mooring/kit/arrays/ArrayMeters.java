package dev.mooring.kit.arrays;

import dev.mooring.flasharray.client.error.FlashArrayException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The arrays' meters, labelled by management endpoint (the one identity an array has before it answers, and one per
 * configured array: bounded): {@code mooring.array.registered} (1 while the array answered its last check) and
 * {@code mooring.array.errors} (failed calls by the client's failure {@link ErrorClass class}). Both are registered
 * when an array is configured, so its error counters exist at zero, and removed with it.
 */
@ApplicationScoped
public class ArrayMeters {

    static final String REGISTERED = "mooring.array.registered";
    static final String ERRORS = "mooring.array.errors";

    /** What a failed call means, as the dashboards group it. */
    public enum ErrorClass {
        /** No response arrived (connection refused or dropped, timeout): the array cannot be reached. */
        UNREACHABLE,
        /** The array answered that it did not apply the call (429): sent again later. */
        NOT_APPLIED,
        /** The array answered with a failure that may have been applied (5xx): looked up before trying again. */
        MAY_HAVE_HAPPENED,
        /** The array refused the call (4xx): final. */
        REFUSED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static ErrorClass of(FlashArrayException e) {
            if (e.status() == 0) {
                return UNREACHABLE;
            }
            return switch (e.outcome()) {
                case FINAL -> REFUSED;
                case NOT_APPLIED_RETRYABLE -> NOT_APPLIED;
                case MAY_HAVE_HAPPENED -> MAY_HAVE_HAPPENED;
            };
        }
    }

    @Inject
    MeterRegistry metrics;

    /** An array entered the configuration: its meters, at zero. */
    void configured(String endpoint, BooleanSupplier registered) {
        Gauge.builder(REGISTERED, () -> registered.getAsBoolean() ? 1 : 0).tag("endpoint", endpoint)
                .description("1 while the array answered its last registration check").register(metrics);
        for (ErrorClass c : ErrorClass.values()) {
            errors(endpoint, c);
        }
    }

    /** An array left the configuration: its series end. */
    void removed(String endpoint) {
        List<Meter> gone = metrics.getMeters().stream()
                .filter(m -> m.getId().getName().equals(REGISTERED) || m.getId().getName().equals(ERRORS))
                .filter(m -> endpoint.equals(m.getId().getTag("endpoint"))).toList();
        gone.forEach(metrics::remove);
    }

    /** One failed call to an array. */
    void failed(FlashArrayException e) {
        errors(e.endpoint(), ErrorClass.of(e)).increment();
    }

    private Counter errors(String endpoint, ErrorClass c) {
        return Counter.builder(ERRORS).description("Failed calls to an array, by the client's failure class")
                .tag("endpoint", String.valueOf(endpoint)).tag("class", c.label()).register(metrics);
    }
}
