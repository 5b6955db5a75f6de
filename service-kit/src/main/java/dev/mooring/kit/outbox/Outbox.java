package dev.mooring.kit.outbox;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.serde.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import dev.mooring.kit.tracing.EventTraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records events in the current transaction. Call it only inside {@code Panache.withTransaction(...)}
 * together with the state change the event reports: both commit, or neither does. The relay publishes.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EventTraceContext tracing;

    /** Adds the event to the outbox of the ongoing transaction. */
    public Uni<Void> record(SpecificRecord event) {
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        OutboxMessage message = new OutboxMessage();
        message.eventId = envelope.getEventId();
        message.topic = EventCatalog.topicOf(event.getClass()).topicName();
        message.recordKey = envelope.getKey();
        message.eventType = EventCatalog.typeName(event);
        message.correlationId = envelope.getCorrelationId();
        message.payload = EventCodec.instance().encode(event);
        message.createdAt = OffsetDateTime.ofInstant(envelope.getOccurredAt(), ZoneOffset.UTC);
        // The trace of the request or event that caused this one: its consumers' spans continue it.
        message.headers = tracing.currentForRow();
        return Panache.getSession().chain(session -> session.persist(message));
    }
}
