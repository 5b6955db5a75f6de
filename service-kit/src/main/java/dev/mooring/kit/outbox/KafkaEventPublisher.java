package dev.mooring.kit.outbox;

import dev.mooring.kit.tracing.EventTraceContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay's Kafka side: an idempotent producer (acks=all, ordered per partition) so that a retried
 * batch is not duplicated by the producer itself; consumers still deduplicate on eventId.
 */
public final class KafkaEventPublisher implements EventPublisher {

    public static final String HEADER_EVENT_TYPE = "mooring-event-type";
    public static final String HEADER_EVENT_ID = "mooring-event-id";
    public static final String HEADER_CORRELATION_ID = "mooring-correlation-id";

    private final KafkaProducer<String, byte[]> producer;
    private final EventTraceContext tracing;

    /**
     * {@code common}: the kit's client settings (bootstrap servers, TLS, SASL); {@code tracing} continues each row's
     * trace in a publish span.
     */
    public KafkaEventPublisher(java.util.Map<String, Object> common, String clientId, int deliveryTimeoutMs,
                               EventTraceContext tracing) {
        this.tracing = tracing;
        Properties config = new Properties();
        config.putAll(common);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryTimeoutMs, 10_000));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(deliveryTimeoutMs, 10_000));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public CompletionStage<Void> publish(List<PendingEvent> events) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            PendingEvent event = events.get(i);
            RecordHeaders headers = new RecordHeaders();
            headers.add(HEADER_EVENT_TYPE, event.eventType().getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_CORRELATION_ID, event.correlationId().getBytes(StandardCharsets.UTF_8));
            // The row's trace (kept when the event was recorded), never the relay's: the publish span continues it.
            EventTraceContext.Publishing publishing = tracing.publishing(event.topic(), event.eventType(),
                    event.eventId(), event.headers());
            publishing.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<Void> ack = new CompletableFuture<>();
            ack.whenComplete((ok, error) -> publishing.end(error));
            try {
                producer.send(new ProducerRecord<>(event.topic(), null, event.key(), event.payload(), headers),
                        (metadata, error) -> {
                            if (error == null) {
                                ack.complete(null);
                            } else {
                                ack.completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    @Override
    public void close() {
        producer.close();
    }
}
