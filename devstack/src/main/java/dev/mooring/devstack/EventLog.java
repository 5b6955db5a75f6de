package dev.mooring.devstack;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event on some topics, from the beginning, in arrival order: what a system test asserts a story
 * against ("the events say offline, then resyncing, then online"). Reads without a consumer group.
 */
public final class EventLog implements AutoCloseable {

    /** One event and the moment this log received it (a bound on when it was published). */
    public record Received(SpecificRecord event, Instant receivedAt) {
        public String type() {
            return event.getSchema().getName();
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    public EventLog(Map<String, Object> kafkaClient, String... topics) {
        consumer = new KafkaConsumer<>(Stack.clientSettings(kafkaClient, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "event-log-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::read, "event-log");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!closed) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        events.add(new Received(EventCodec.instance().decode(record.value()), Instant.now()));
                    } catch (EventDecodingException e) {
                        // Not an event (a dead letter's raw bytes): not part of any story.
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** The events of one type so far, in arrival order. */
    public <T extends SpecificRecord> List<T> all(Class<T> type) {
        return events.stream().map(Received::event).filter(type::isInstance).map(type::cast).toList();
    }

    /** The events of one type that match, with the time each arrived. */
    public <T extends SpecificRecord> List<Received> received(Class<T> type, Predicate<T> matching) {
        return events.stream().filter(r -> type.isInstance(r.event()) && matching.test(type.cast(r.event()))).toList();
    }

    /** Waits for the first event of a type that matches; fails with what did arrive after {@code timeout}. */
    public <T extends SpecificRecord> T await(Class<T> type, Predicate<T> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (T event : all(type)) {
                if (matching.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No matching " + type.getSimpleName() + " within " + timeout + "; received: "
                        + events.stream().map(r -> r.type() + "(" + EventCatalog.envelopeOf(r.event()).getKey() + ")").toList());
            }
            MooringApi.pause(Duration.ofMillis(100));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
