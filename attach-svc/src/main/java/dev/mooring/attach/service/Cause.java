package dev.mooring.attach.service;

import dev.mooring.events.EventEnvelope;
import dev.mooring.kit.outbox.EnvelopeFactory;
import java.util.UUID;

/**
 * The event a piece of work answers, as a job carries it: its id (the causation of what the work emits, and the
 * attachment's last event) and its correlation id.
 */
public record Cause(UUID eventId, String correlationId) {

    public static Cause of(EventEnvelope envelope) {
        return new Cause(envelope.getEventId(), envelope.getCorrelationId());
    }

    /** The envelope of an event this cause led to, keyed {@code key}. */
    EventEnvelope envelope(EnvelopeFactory envelopes, String key) {
        EventEnvelope envelope = envelopes.caused(key, correlationId);
        envelope.setCausationId(eventId);
        return envelope;
    }
}
