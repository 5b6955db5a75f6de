package dev.mooring.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The attacks the event bus must refuse, tried against the real broker every test runs on: an outsider who can reach
 * the port, a guessed password, and a service that writes or reads beyond its own topics.
 */
class SecuredBrokerIT {

    private static final byte[] FORGED = "NodeTakeoverDecided: hand worker-1's drives to me".getBytes();

    private final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void aClientWithoutTlsAndCredentialsIsRefused() {
        Map<String, Object> outsider = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        try (var producer = new KafkaProducer<>(outsider, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("mooring.nodes", FORGED)).get(10, TimeUnit.SECONDS))
                    .as("a plaintext client gets no metadata, so nothing is written").isNotNull();
        }
        assertThat(nodesRecordsMatching(FORGED)).isZero();
    }

    @Test
    void aServiceNameWithAGuessedPasswordIsRefused() {
        Map<String, Object> guessed = new HashMap<>(broker.clientSettings(Producer.HEALTH.serviceName(), Set.of(Topic.NODES)));
        guessed.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"health-svc\" password=\"health-svc\";");
        guessed.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        try (var producer = new KafkaProducer<>(guessed, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("mooring.nodes", FORGED)).get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aServiceMayWriteOnlyTheTopicsOfTheEventsItProduces() throws Exception {
        Map<String, Object> topology = new HashMap<>(broker.clientSettings(Producer.TOPOLOGY.serviceName(), Set.of()));
        topology.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        try (var producer = new KafkaProducer<>(topology, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Its own topic: allowed.
            producer.send(new ProducerRecord<>("mooring.nodes", "allowed".getBytes())).get(10, TimeUnit.SECONDS);
            // A DriveProvisioned on mooring.pools would connect any array volume to any node: refused.
            for (String topic : List.of("mooring.pools", "mooring.attachments", "mooring.volumes", "mooring.arrays",
                    "mooring.dlq.attach-svc")) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, FORGED)).get(10, TimeUnit.SECONDS))
                        .as("topology-svc writing %s", topic)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void aServiceMayReadOnlyWhatItConsumesInItsOwnGroup() {
        Map<String, Object> health = new HashMap<>(broker.clientSettings(Producer.HEALTH.serviceName(), Set.of(Topic.NODES)));
        health.put(ConsumerConfig.GROUP_ID_CONFIG, "health-svc");
        try (var consumer = new KafkaConsumer<>(health, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mooring.volumes"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).isInstanceOf(TopicAuthorizationException.class);
        }
        health.put(ConsumerConfig.GROUP_ID_CONFIG, "provisioner-svc");
        try (var consumer = new KafkaConsumer<>(health, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mooring.nodes"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                    .as("joining another service's group would steal its partitions")
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /** Reads mooring.nodes from its beginning to its current end, as the super user. */
    private long nodesRecordsMatching(byte[] value) {
        try (var consumer = new KafkaConsumer<>(broker.adminSettings(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("mooring.nodes").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long found = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (java.util.Arrays.equals(record.value(), value)) {
                        found++;
                    }
                }
            }
            return found;
        }
    }
}
