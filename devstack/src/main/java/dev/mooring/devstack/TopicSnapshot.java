package dev.mooring.devstack;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record on some topics, from the beginning to the end they have now: what Kafka holds once a run is over. */
public final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /** The catalogue's events among the records (a dead letter's raw bytes, not an event, are left out). */
    public static List<SpecificRecord> read(Map<String, Object> kafkaClient, Duration timeout, String... topics) {
        List<SpecificRecord> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(kafkaClient, timeout, topics)) {
            try {
                events.add(EventCodec.instance().decode(record.value()));
            } catch (EventDecodingException e) {
                // not an event of the catalogue: no outcome
            }
        }
        return events;
    }

    /** Every record as it is, headers included. */
    public static List<ConsumerRecord<String, byte[]>> records(Map<String, Object> kafkaClient, Duration timeout,
                                                               String... topics) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Stack.clientSettings(kafkaClient, Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "topic-snapshot-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Instant giveUp = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("Could not read " + List.of(topics) + " to their end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
