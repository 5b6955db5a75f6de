package dev.mooring.devstack;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for outcomes by reading the events the services publish, instead of polling their REST APIs: a
 * benchmark that polls at a fine grain loads a 2-core machine more than the work it measures. An outcome
 * event is committed in the same transaction as the state the REST API shows, so its arrival bounds the
 * moment that state was visible (it is a little later, by the relay's publish).
 */
final class OutcomeWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<SpecificRecord>> waiting = new ConcurrentHashMap<>();
    private final Map<String, SpecificRecord> early = new ConcurrentHashMap<>();
    private final Function<SpecificRecord, String> keyOf;
    private final Thread reader;
    private volatile boolean closed;

    /** Reads {@code topic} from now on; {@code keyOf} names the outcome an event settles (null: not one). */
    OutcomeWatch(Map<String, Object> kafkaClient, String topic, Function<SpecificRecord, String> keyOf) {
        this.keyOf = keyOf;
        consumer = new KafkaConsumer<>(Stack.clientSettings(kafkaClient, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-watch-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(this::read, "bench-outcome-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** The outcome event for {@code key}, whenever it arrives (also if it arrived before this call). */
    CompletableFuture<SpecificRecord> outcome(String key) {
        CompletableFuture<SpecificRecord> future = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        SpecificRecord arrived = early.remove(key);
        if (arrived != null) {
            future.complete(arrived);
        }
        return future;
    }

    private void read() {
        try {
            while (!closed) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord event;
                    try {
                        event = EventCodec.instance().decode(record.value());
                    } catch (EventDecodingException e) {
                        continue;
                    }
                    String key = keyOf.apply(event);
                    if (key == null) {
                        continue;
                    }
                    CompletableFuture<SpecificRecord> future = waiting.get(key);
                    if (future != null) {
                        future.complete(event);
                    } else {
                        early.put(key, event);
                        CompletableFuture<SpecificRecord> late = waiting.get(key);
                        if (late != null && early.remove(key) != null) {
                            late.complete(event);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    static String envelopeKey(SpecificRecord event) {
        return EventCatalog.envelopeOf(event).getKey();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
