package dev.mooring.attach.rest;

import static dev.mooring.attach.TestEvents.deleted;
import static dev.mooring.attach.TestEvents.newVolumeId;
import static dev.mooring.attach.TestEvents.provisioned;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.testing.EventSender;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provisioner's outcomes on mooring.volumes teach attach-svc which volumes exist, exactly once each. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class KnownVolumesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String VOLUMES = "mooring.volumes";

    private EventSender sender;
    private TopicReader deadLetters;

    @BeforeEach
    void connect() {
        sender = new EventSender();
        deadLetters = new TopicReader(KafkaBroker.shared(), "mooring.dlq.attach-svc");
    }

    @AfterEach
    void disconnect() {
        sender.close();
        deadLetters.close();
    }

    @Test
    void aProvisionedVolumeBecomesKnownWithItsArraysAndSerial() {
        String id = newVolumeId();
        VolumeProvisioned event = provisioned(id, List.of("array-a", "array-b"), "ABCDEF0123456789ABCDEF01");

        sender.send(VOLUMES, event);

        JsonPath volume = awaitKnown(id);
        assertThat(volume.getString("state")).isEqualTo("Provisioned");
        assertThat(volume.getString("arrayVolumeName")).isEqualTo(event.getArrayVolumeName());
        assertThat(volume.getList("arrays", String.class)).containsExactly("array-a", "array-b");
        assertThat(volume.getString("serial")).isEqualTo("ABCDEF0123456789ABCDEF01");
        assertThat(volume.getLong("sizeBytes")).isEqualTo(10L << 30);
        assertThat(volume.getString("lastEventId")).isEqualTo(event.getEnvelope().getEventId().toString());
        assertThat(api().get("/api/v1/volumes?state=Provisioned").then().statusCode(200)
                .extract().jsonPath().getList("volumeId", String.class)).contains(id);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mooring_events_handled_total{type=\"VolumeProvisioned\""));
    }

    @Test
    void aDeletedVolumeIsKnownAsDeletedAndTheSameProvisionedEventAgainChangesNothing() {
        String id = newVolumeId();
        String marker = newVolumeId();
        VolumeProvisioned event = provisioned(id, List.of("array-a"), "00000000000000000000000A");
        VolumeDeleted deletion = deleted(id, event.getArrayVolumeName(), List.of("array-a"));

        // One key keeps the order (events of other keys are handled side by side): the marker, sent under the
        // volume's key after the redeliveries, shows when they have been read.
        sender.sendToPartition(VOLUMES, 0, event);
        sender.sendToPartition(VOLUMES, 0, deletion);
        sender.sendToPartition(VOLUMES, 0, event);
        sender.sendToPartition(VOLUMES, 0, event);
        sender.send(VOLUMES, 0, id, EventCodec.instance().encode(
                provisioned(marker, List.of("array-b"), "00000000000000000000000B")));

        awaitKnown(marker);
        JsonPath volume = awaitKnown(id);
        assertThat(volume.getString("state")).isEqualTo("Deleted");
        assertThat(volume.getString("lastEventId")).isEqualTo(deletion.getEnvelope().getEventId().toString());
        assertThat(volume.getList("arrays", String.class)).containsExactly("array-a");
    }

    @Test
    void aVolumeDeletedBeforeAttachSvcHeardOfItIsKnownAsDeleted() {
        String id = newVolumeId();

        sender.send(VOLUMES, deleted(id, "mooring-gone", List.of("array-b")));

        JsonPath volume = awaitKnown(id);
        assertThat(volume.getString("state")).isEqualTo("Deleted");
        assertThat(volume.getString("arrayVolumeName")).isEqualTo("mooring-gone");
        assertThat(volume.getString("serial")).isNull();
    }

    @Test
    void messagesThatAreNotEventsGoToTheDeadLetterTopicAndConsumingGoesOn() {
        byte[] garbage = "{\"volumeId\":\"json-is-not-our-format\"}".getBytes(StandardCharsets.UTF_8);
        String after = newVolumeId();

        sender.send(VOLUMES, null, "garbage-volume", garbage);
        sender.send("mooring.attachments", null, "garbage-attachment", garbage);
        sender.send(VOLUMES, provisioned(after, List.of("array-a"), "00000000000000000000000C"));

        var letters = deadLetters.await(r -> r.key() != null && r.key().startsWith("garbage-"), 2, DEADLINE);
        assertThat(letters).extracting(r -> r.key()).containsExactlyInAnyOrder("garbage-volume", "garbage-attachment");
        assertThat(letters).allSatisfy(r -> {
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(TopicReader.header(r, DeadLetters.HEADER_REASON)).get().asString().contains("C3 01");
        });
        assertThat(awaitKnown(after).getString("state")).isEqualTo("Provisioned");
    }

    @Test
    void anUnknownVolumeIsNotFoundAndABadFilterIsRefused() {
        api().get("/api/v1/volumes/" + newVolumeId()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("has not heard of volume"));
        api().get("/api/v1/volumes?state=Attached").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    private static JsonPath awaitKnown(String volumeId) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> api().get("/api/v1/volumes/" + volumeId).statusCode() == 200);
        return api().get("/api/v1/volumes/" + volumeId).then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }
}
