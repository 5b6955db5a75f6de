package dev.mooring.kit.intake;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Whether an event comes from where it may: each event type has one producer ({@link EventCatalog#producerOf}) and
 * one topic. The broker's ACLs keep a service to its topics, but several services share a topic (mooring.nodes), so
 * a service — or a stolen credential — could still write another's event type there; this check refuses it.
 * It trusts the envelope's {@code source}, which the producer sets: it stops a service from emitting another
 * service's event under its own name, not a credential that also lies about its name (that needs per-type topics or
 * signed events; see docs/security.md).
 */
final class EventOrigin {

    private EventOrigin() {
    }

    /** Why the event must not be believed, or empty when its source and topic are its type's. */
    static Optional<String> refusal(SpecificRecord event, EventEnvelope envelope, String topic) {
        String type = EventCatalog.typeName(event);
        Producer producer = EventCatalog.producerOf(event.getClass());
        if (!producer.serviceName().equals(envelope.getSource())) {
            return Optional.of("forged origin: " + type + " claims source '" + envelope.getSource() + "', but only "
                    + producer.serviceName() + " emits " + type);
        }
        Topic expected = EventCatalog.topicOf(event.getClass());
        if (topic != null && !expected.topicName().equals(topic)) {
            return Optional.of("wrong topic: " + type + " arrived on " + topic + ", but travels on "
                    + expected.topicName());
        }
        return Optional.empty();
    }
}
