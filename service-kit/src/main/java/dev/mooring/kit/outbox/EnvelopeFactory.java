package dev.mooring.kit.outbox;

import dev.mooring.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the envelope of each event a service emits: a fresh id, the time, this service as source. */
@ApplicationScoped
public class EnvelopeFactory {

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String source;

    @Inject
    Clock clock;

    /** For an event caused by an outside request (REST call, Kubernetes change). */
    public EventEnvelope caused(String key, String correlationId) {
        return create(key, correlationId, null);
    }

    /** For an event caused by another event: it inherits the correlation id and names its cause. */
    public EventEnvelope causedBy(String key, EventEnvelope cause) {
        return create(key, cause.getCorrelationId(), cause.getEventId());
    }

    private EventEnvelope create(String key, String correlationId, UUID causationId) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setSource(source)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setKey(key)
                .build();
    }
}
