package dev.mooring.provisioner.service;

import dev.mooring.events.EventEnvelope;
import java.time.Instant;
import java.util.UUID;

/**
 * The event a job was recorded for, kept in the job's payload: the events the job emits at its end name it as their
 * cause and carry its correlation id, exactly as if the handler of that event had emitted them.
 */
public record EventCause(UUID eventId, String correlationId, String source, Instant occurredAt, String key) {

    public static EventCause of(EventEnvelope envelope) {
        return new EventCause(envelope.getEventId(), envelope.getCorrelationId(), envelope.getSource(),
                envelope.getOccurredAt(), envelope.getKey());
    }

    /** The cause's envelope again, for {@code EnvelopeFactory.causedBy}. */
    public EventEnvelope envelope() {
        return EventEnvelope.newBuilder().setEventId(eventId).setCorrelationId(correlationId).setSource(source)
                .setOccurredAt(occurredAt).setKey(key).setCausationId(null).build();
    }
}
