package dev.mooring.kit.intake;

import static dev.mooring.kit.KitTestSupport.deleteRequested;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.kit.KitTestSupport;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.kit.fixture.FixtureConsumer;
import dev.mooring.kit.fixture.FixtureVolume;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events taken off a real broker into a real database, the way every service takes them. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class IntakeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    FixtureConsumer consumer;

    @Inject
    Jobs jobs;

    private KafkaProducer<String, byte[]> producer;
    private TopicReader deadLetters;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(KafkaBroker.shared().adminSettings(), new StringSerializer(),
                new ByteArraySerializer());
        deadLetters = new TopicReader(KafkaBroker.shared(), "mooring.dlq.kit-test");
    }

    @AfterEach
    void disconnect() {
        producer.close();
        deadLetters.close();
    }

    @Test
    void aRedeliveredEventChangesNothing() throws Exception {
        VolumeDeleteRequested event = deleteRequested("vol-redelivered");
        byte[] bytes = EventCodec.instance().encode(event);

        send("vol-redelivered", bytes);
        send("vol-redelivered", bytes); // the same event again, as after a relay crash before its delete
        send("vol-redelivered", EventCodec.instance().encode(deleteRequested("vol-redelivered")));

        // The later, distinct event is applied, so both copies of the first were seen before it.
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-redelivered") == 2);
        assertThat(deletions("vol-redelivered")).isEqualTo(2);
    }

    @Test
    void undecodableAndPoisonMessagesLandInTheDeadLetterTopicWithTheirReasonAndTheConsumerGoesOn() throws Exception {
        byte[] notAnEvent = "{\"volumeId\":\"json-is-not-our-format\"}".getBytes();
        byte[] unknownSchema = EventCodec.instance().encode(deleteRequested("vol-unknown-schema"));
        unknownSchema[3] ^= 0x42;

        send("vol-x", notAnEvent);
        send("vol-y", unknownSchema);
        send("poison-1", EventCodec.instance().encode(deleteRequested("poison-1")));
        send("vol-after-poison", EventCodec.instance().encode(deleteRequested("vol-after-poison")));

        var letters = deadLetters.await(r -> List.of("vol-x", "vol-y", "poison-1").contains(r.key()), 3, DEADLINE);
        assertThat(letters).extracting(r -> TopicReader.header(r, DeadLetters.HEADER_REASON).orElse(""))
                .anySatisfy(reason -> assertThat(reason).contains("C3 01"))
                .anySatisfy(reason -> assertThat(reason).contains("Unknown writer schema fingerprint"))
                .anySatisfy(reason -> assertThat(reason).contains("volume id poison-1 is reserved"));
        assertThat(letters).anySatisfy(r -> assertThat(Arrays.equals(r.value(), notAnEvent)).isTrue());
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-after-poison") == 1);
    }

    @Test
    void anEventFromAServiceThatDoesNotEmitItIsDeadLetteredUnhandled() throws Exception {
        // topology-svc may write mooring.nodes, so the broker lets it; only the envelope says who claims to speak.
        VolumeDeleteRequested forged = deleteRequested("vol-forged");
        forged.getEnvelope().setSource("topology-svc");
        send("vol-forged", EventCodec.instance().encode(forged));
        send("vol-genuine", EventCodec.instance().encode(deleteRequested("vol-genuine")));

        var letter = deadLetters.await(r -> "vol-forged".equals(r.key()), 1, DEADLINE).get(0);
        assertThat(TopicReader.header(letter, DeadLetters.HEADER_REASON).orElse("")).contains("forged origin")
                .contains("claims source 'topology-svc'").contains("only provisioner-svc emits");
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-genuine") == 1);
        assertThat(deletions("vol-forged")).as("the forged request was not acted on").isZero();
    }

    @Test
    void anEventThatFailsValidationIsDeadLetteredListedAndCanBeReplayedOnceItsCauseIsFixed() throws Exception {
        VolumeDeleteRequested invalid = deleteRequested("id:not-a-uuid");
        send("id:not-a-uuid", EventCodec.instance().encode(invalid));
        send("vol-next", EventCodec.instance().encode(deleteRequested("vol-next")));

        var letter = deadLetters.await(r -> "id:not-a-uuid".equals(r.key()), 1, DEADLINE).get(0);
        assertThat(TopicReader.header(letter, DeadLetters.HEADER_REASON).orElse(""))
                .contains("VolumeDeleteRequested cannot be handled").contains("Invalid UUID string: not-a-uuid");
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-next") == 1);
        given().get("/q/health/live").then().statusCode(200);

        JsonPath listed = given().auth().oauth2("test-token").get("/api/v1/dead-letters").then().statusCode(200)
                .extract().jsonPath();
        int index = listed.getList("eventId", String.class).indexOf(invalid.getEnvelope().getEventId().toString());
        assertThat(index).as("the dead letter is listed").isNotNegative();
        long id = listed.getLong("[" + index + "].id");
        assertThat(listed.getString("[" + index + "].reason")).contains("Invalid UUID string");
        assertThat(listed.getString("[" + index + "].eventType")).isEqualTo("VolumeDeleteRequested");

        // Replayed as it is it fails again — and is dead-lettered anew, not lost and not looping.
        given().auth().oauth2("test-token").post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayedAt", org.hamcrest.Matchers.notNullValue());
        deadLetters.await(r -> "id:not-a-uuid".equals(r.key()), 2, DEADLINE);
        given().auth().oauth2("test-token").post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(409);
        given().auth().oauth2("test-token").post("/api/v1/dead-letters/999999999/replay").then().statusCode(404);
    }

    @Test
    void aReplayedEventIsHandledOnceItsCauseIsGone() throws Exception {
        consumer.failKey("vol-replay");
        // Fails for longer than the retry budget and the job's same-failure limit: dead-lettered.
        send("vol-replay", EventCodec.instance().encode(deleteRequested("vol-replay")));
        deadLetters.await(r -> "vol-replay".equals(r.key()), 1, DEADLINE);
        assertThat(deletions("vol-replay")).isZero();

        consumer.recover("vol-replay");
        JsonPath listed = given().auth().oauth2("test-token").get("/api/v1/dead-letters").then().extract().jsonPath();
        long id = listed.getLong("find { it.key == 'vol-replay' }.id");
        assertThat(listed.getString("find { it.key == 'vol-replay' }.reason")).contains("failed the same way");
        given().auth().oauth2("test-token").post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200);

        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-replay") == 1);
        given().auth().oauth2("test-token").get("/api/v1/dead-letters").then()
                .body("findAll { it.key == 'vol-replay' }.size()", equalTo(0));
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceedsAndIsNotDeadLettered() throws Exception {
        consumer.failNextHandlings(3);

        send("vol-transient", EventCodec.instance().encode(deleteRequested("vol-transient")));

        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-transient") == 1);
        assertThat(deadLetters.records()).noneMatch(r -> "vol-transient".equals(r.key()));
    }

    @Test
    void anEventFailingPastItsBudgetIsParkedAndTheKeysNextEventsWaitBehindItInOrder() throws Exception {
        consumer.failKey("vol-parked");
        send("vol-parked", encode(deleteRequested("vol-parked", "first")));
        Awaitility.await().atMost(DEADLINE).until(() -> KitTestSupport.awaitOnVertx(
                () -> jobs.pending(Intake.REDELIVER)) >= 1);
        // Later events of the same key are parked behind it; other keys go on meanwhile.
        send("vol-parked", encode(deleteRequested("vol-parked", "second")));
        send("vol-other", encode(deleteRequested("vol-other")));
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-other") == 1);
        given().get("/q/health/live").then().statusCode(200);

        consumer.recover("vol-parked");
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-parked") == 2);
        assertThat(history("vol-parked")).isEqualTo("first second");
        assertThat(deadLetters.records()).noneMatch(r -> "vol-parked".equals(r.key()));
    }

    @Test
    void eventsOfDifferentKeysAreHandledSideBySideWhileOneKeyIsSlow() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        consumer.hold("vol-slow", Uni.createFrom().completionStage(release));
        send("vol-slow", encode(deleteRequested("vol-slow")));
        List<String> others = IntStream.range(0, 5).mapToObj(i -> "vol-fast-" + i).toList();
        for (String key : others) {
            send(key, encode(deleteRequested(key)));
        }
        Awaitility.await().atMost(DEADLINE).until(() -> others.stream().allMatch(k -> deletions(k) == 1));
        assertThat(deletions("vol-slow")).isZero();
        assertThat(consumer.mostInProgress()).isGreaterThan(1);

        release.complete(null);
        Awaitility.await().atMost(DEADLINE).until(() -> deletions("vol-slow") == 1);
    }

    private static byte[] encode(VolumeDeleteRequested event) {
        return EventCodec.instance().encode(event);
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>("mooring.volumes", key, value)).get();
    }

    private int deletions(String volumeId) {
        FixtureVolume volume = volume(volumeId);
        return volume == null ? 0 : volume.deletions;
    }

    private String history(String volumeId) {
        FixtureVolume volume = volume(volumeId);
        return volume == null ? "" : volume.history;
    }

    private static FixtureVolume volume(String volumeId) {
        return KitTestSupport.awaitOnVertx(() -> Panache.withSession(() -> FixtureVolume.<FixtureVolume>findById(volumeId)));
    }
}
