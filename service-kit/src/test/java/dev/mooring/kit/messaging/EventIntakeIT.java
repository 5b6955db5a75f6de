package dev.mooring.kit.messaging;

import static dev.mooring.kit.KitTestSupport.deleteRequested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.kit.KitTestSupport;
import dev.mooring.kit.fixture.FixtureConsumer;
import dev.mooring.kit.fixture.FixtureVolume;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class EventIntakeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    FixtureConsumer consumer;

    private KafkaProducer<String, byte[]> producer;
    private TopicReader deadLetters;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        deadLetters = new TopicReader(KafkaBroker.shared().bootstrapServers(), "mooring.dlq.kit-test");
    }

    @AfterEach
    void disconnect() {
        producer.close();
        deadLetters.close();
    }

    @Test
    void aRedeliveredEventChangesNothing() throws Throwable {
        VolumeDeleteRequested event = deleteRequested("vol-redelivered");
        byte[] bytes = EventCodec.instance().encode(event);

        send("vol-redelivered", bytes);
        send("vol-redelivered", bytes); // the same event again, as after a relay crash before its delete
        VolumeDeleteRequested next = deleteRequested("vol-redelivered");
        send("vol-redelivered", EventCodec.instance().encode(next));

        // The later, distinct event is applied, so both copies of the first were seen before it.
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-redelivered") == 2);
        assertThat(deletions("vol-redelivered")).isEqualTo(2);
    }

    @Test
    void poisonMessagesLandInTheDeadLetterTopicWithTheirReasonAndTheConsumerGoesOn() throws Throwable {
        byte[] notAnEvent = "{\"volumeId\":\"json-is-not-our-format\"}".getBytes();
        byte[] unknownSchema = EventCodec.instance().encode(deleteRequested("vol-unknown-schema"));
        unknownSchema[3] ^= 0x42;
        byte[] poison = EventCodec.instance().encode(deleteRequested("poison-1"));

        send("vol-x", notAnEvent);
        send("vol-y", unknownSchema);
        send("poison-1", poison);
        send("vol-after-poison", EventCodec.instance().encode(deleteRequested("vol-after-poison")));

        var letters = deadLetters.await(r -> true, 3, DEADLINE);
        assertThat(letters).extracting(r -> TopicReader.header(r, "dead-letter-reason").orElse(""))
                .anySatisfy(reason -> assertThat(reason).contains("C3 01"))
                .anySatisfy(reason -> assertThat(reason).contains("Unknown writer schema fingerprint"))
                .anySatisfy(reason -> assertThat(reason).contains("volume id poison-1 is reserved"));
        assertThat(letters).anySatisfy(r -> assertThat(Arrays.equals(r.value(), notAnEvent)).isTrue());
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-after-poison") == 1);
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceedsAndIsNotDeadLettered() throws Throwable {
        consumer.failNextHandlings(3);

        send("vol-transient", EventCodec.instance().encode(deleteRequested("vol-transient")));

        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-transient") == 1);
        assertThat(deadLetters.records()).noneMatch(r -> "vol-transient".equals(r.key()));
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>("mooring.volumes", key, value)).get();
    }

    private int deletions(String volumeId) {
        FixtureVolume volume = KitTestSupport.awaitOnVertx(() -> Panache.withSession(
                () -> FixtureVolume.<FixtureVolume>findById(volumeId)));
        return volume == null ? 0 : volume.deletions;
    }
}
