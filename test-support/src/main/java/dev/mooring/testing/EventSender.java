package dev.mooring.testing;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.serde.EventCodec;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to the test broker as another service would: encoded events, signed with the name of the service that
 * emits their type (consumers refuse an event type from any other source), or any bytes at all.
 */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            KafkaBroker.shared().adminSettings(),
            new StringSerializer(), new ByteArraySerializer());

    /** Sends an event keyed by its entity key, and waits until the broker has it. */
    public void send(String topic, SpecificRecord event) {
        send(topic, null, key(event), EventCodec.instance().encode(asItsProducer(event)));
    }

    /** Sends an event with Kafka headers (e.g. a {@code traceparent}, as a service's relay sends it). */
    public void send(String topic, SpecificRecord event, java.util.Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key(event),
                EventCodec.instance().encode(asItsProducer(event)));
        headers.forEach((name, value) -> record.headers().add(name,
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        send(record);
    }

    /** Sends an event to one partition, so that several sends (even of different keys) keep their order. */
    public void sendToPartition(String topic, int partition, SpecificRecord event) {
        send(topic, partition, key(event), EventCodec.instance().encode(asItsProducer(event)));
    }

    /** Sends raw bytes, e.g. a message that is not an event. */
    public void send(String topic, Integer partition, String key, byte[] value) {
        send(new ProducerRecord<>(topic, partition, key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e.getCause());
        }
    }

    /** The event with its envelope's source set to the service that emits its type (the event itself is changed). */
    static SpecificRecord asItsProducer(SpecificRecord event) {
        EventCatalog.envelopeOf(event).setSource(EventCatalog.producerOf(event.getClass()).serviceName());
        return event;
    }

    private static String key(SpecificRecord event) {
        return EventCatalog.envelopeOf(event).getKey();
    }

    @Override
    public void close() {
        producer.close();
    }
}
