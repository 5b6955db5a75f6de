package dev.mooring.kit.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latency from a request to its outcome, per kind of request ({@code mooring.request.outcome}, a histogram in
 * seconds, labels {@code kind} and {@code outcome} = succeeded | failed): recorded where the outcome is recorded, from
 * the request's own time. The kinds a service answers ({@code mooring.metrics.request-kinds}) are registered at start,
 * so a quiet service still exports them at zero.
 */
@ApplicationScoped
public class RequestOutcomes {

    public static final String METRIC = "mooring.request.outcome";

    /** The kinds of requests whose outcomes are timed. */
    public enum Kind {
        VOLUME_CREATE, VOLUME_RESIZE, VOLUME_DELETE, VOLUME_ATTACH, VOLUME_DETACH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    /**
     * The kinds of requests this service records outcomes of, registered at zero at start (comma-separated, e.g.
     * {@code volume_create,volume_delete}); none by default.
     */
    @Inject
    @ConfigProperty(name = "mooring.metrics.request-kinds")
    Optional<List<String>> kinds;

    void onStart(@Observes StartupEvent event) {
        kinds.orElse(List.of()).stream().map(RequestOutcomes::kind).forEach(kind -> {
            timer(kind, true);
            timer(kind, false);
        });
    }

    /** A configured kind, e.g. {@code volume_create}; another name fails the start naming the setting. */
    static Kind kind(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mooring.metrics.request-kinds: '" + name + "' is not a kind of request"
                    + " (one of " + Arrays.stream(Kind.values()).map(Kind::label).toList() + ")", e);
        }
    }

    /** The outcome of a request of {@code kind} made at {@code requestedAt}, recorded now. */
    public void record(Kind kind, boolean succeeded, Instant requestedAt) {
        if (requestedAt != null) {
            timer(kind, succeeded).record(Duration.between(requestedAt, clock.instant()).abs());
        }
    }

    private Timer timer(Kind kind, boolean succeeded) {
        return Timer.builder(METRIC).description("From a request to its outcome")
                .tag("kind", kind.label()).tag("outcome", succeeded ? "succeeded" : "failed").register(metrics);
    }
}
