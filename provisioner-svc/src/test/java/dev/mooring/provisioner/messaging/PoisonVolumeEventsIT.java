package dev.mooring.provisioner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.provisioner.ProvisionerTestResources;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An event that decodes but can never be handled — a {@code VolumeRequested} whose volume id is not a UUID, as a
 * buggy or foreign producer might send — goes to the provisioner's dead-letter topic with the reason; the channel
 * goes on, liveness stays up, and the dead letter can be listed and replayed.
 */
@QuarkusTest
@ProvisionerTestResources
class PoisonVolumeEventsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aVolumeRequestedWithAnIdThatIsNotAUuidIsDeadLetteredAndTheNextRequestIsProvisioned() {
        VolumeRequested poison = requested("not-a-uuid");
        try (TopicReader deadLetters = new TopicReader(KafkaBroker.shared(),
                "mooring.dlq.provisioner-svc"); EventSender sender = new EventSender()) {
            sender.send("mooring.volumes", poison);
            String next = given().auth().oauth2("test-token").contentType(ContentType.JSON)
                    .body(Map.of("name", "after-poison", "size", "1Gi", "parameters", Map.of("backend", "pure_block")))
                    .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

            ConsumerRecord<String, byte[]> letter = deadLetters.await(r -> "not-a-uuid".equals(r.key()), 1, DEADLINE)
                    .get(0);
            assertThat(TopicReader.header(letter, DeadLetters.HEADER_REASON).orElse(""))
                    .contains("VolumeRequested cannot be handled").contains("Invalid UUID string: not-a-uuid");
            Awaitility.await().atMost(DEADLINE).until(() -> "Ready".equals(given().auth().oauth2("test-token")
                    .get(next).then().extract().path("state")));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

            JsonPath listed = given().auth().oauth2("test-token").get("/api/v1/dead-letters").then().statusCode(200)
                    .extract().jsonPath();
            String match = "find { it.eventId == '" + poison.getEnvelope().getEventId() + "' }";
            assertThat(listed.getString(match + ".channel")).isEqualTo("volumes");
            assertThat(listed.getString(match + ".eventType")).isEqualTo("VolumeRequested");
            assertThat(listed.getString(match + ".reason")).contains("Invalid UUID string: not-a-uuid");
            long id = listed.getLong(match + ".id");

            // Replay sends it back through the channel: still invalid, so it is dead-lettered again — not lost, and
            // not a crash loop.
            given().auth().oauth2("test-token").post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                    .body("replayedAt", org.hamcrest.Matchers.notNullValue());
            deadLetters.await(r -> "not-a-uuid".equals(r.key()), 2, DEADLINE);
            given().get("/q/health/live").then().statusCode(200);
        }
    }

    private static VolumeRequested requested(String volumeId) {
        return VolumeRequested.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setSource("provisioner-svc")
                        .setCorrelationId("poison-test").setKey(volumeId).build())
                .setVolumeId(volumeId)
                .setName("poison")
                .setSizeBytes(1L << 30)
                .setBackend("pure_block")
                .build();
    }
}
