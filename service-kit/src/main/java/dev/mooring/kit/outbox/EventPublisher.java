package dev.mooring.kit.outbox;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sends outbox rows to the broker; completes only when every row is acknowledged. */
public interface EventPublisher extends AutoCloseable {

    /** A row as the relay read it. */
    record PendingEvent(long id, String eventId, String topic, String key, String eventType,
                        String correlationId, byte[] payload, java.util.Map<String, String> headers) {

        public PendingEvent(long id, String eventId, String topic, String key, String eventType, String correlationId,
                            byte[] payload) {
            this(id, eventId, topic, key, eventType, correlationId, payload, java.util.Map.of());
        }
    }

    /** Publishes in the given order; fails if any one is not acknowledged. */
    CompletionStage<Void> publish(List<PendingEvent> events);

    @Override
    void close();
}
