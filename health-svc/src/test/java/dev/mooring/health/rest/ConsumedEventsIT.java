package dev.mooring.health.rest;

import static dev.mooring.health.TestEvents.deleteRequested;
import static dev.mooring.health.TestEvents.deleted;
import static dev.mooring.health.TestEvents.provisioningFailed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.mooring.testing.EventSender;
import dev.mooring.health.HealthTestResources;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** health-svc consumes mooring.nodes and mooring.arrays: each event is counted once on its status. */
@QuarkusTest
@HealthTestResources
class ConsumedEventsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String NODES = "mooring.nodes";
    private static final String ARRAYS = "mooring.arrays";

    private EventSender sender;
    private TopicReader deadLetters;

    @BeforeEach
    void connect() {
        sender = new EventSender();
        deadLetters = new TopicReader(KafkaBroker.shared().bootstrapServers(), "mooring.dlq.health-svc");
    }

    @AfterEach
    void disconnect() {
        sender.close();
        deadLetters.close();
    }

    @Test
    void anEventOnMooringNodesIsCountedByItsType() {
        long before = count("VolumeDeleteRequested");

        sender.send(NODES, deleteRequested("node-1"));

        awaitCount("VolumeDeleteRequested", before + 1);
        JsonPath status = status();
        assertThat(status.getString("service")).isEqualTo("health-svc");
        assertThat(status.getString("events.find { it.type == 'VolumeDeleteRequested' }.topic")).isEqualTo(NODES);
        assertThat(status.getString("events.find { it.type == 'VolumeDeleteRequested' }.lastOccurredAt")).isNotNull();
        assertThat(status.getString("lastEventConsumedAt")).isNotNull();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mooring_events_handled_total{type=\"VolumeDeleteRequested\""));
    }

    @Test
    void anEventOnMooringArraysIsCountedByItsType() {
        long before = count("VolumeDeleted");

        sender.send(ARRAYS, deleted("array-a"));

        awaitCount("VolumeDeleted", before + 1);
        assertThat(status().getString("events.find { it.type == 'VolumeDeleted' }.topic")).isEqualTo(ARRAYS);
    }

    @Test
    void theSameEventDeliveredTwiceIsCountedOnce() {
        Map<String, Long> before = Map.of("VolumeProvisioningFailed", count("VolumeProvisioningFailed"),
                "VolumeDeleteRequested", count("VolumeDeleteRequested"));
        var event = provisioningFailed("node-2");

        // One partition keeps the order; the marker after the redelivery shows when it has been read.
        sender.sendToPartition(NODES, 0, event);
        sender.sendToPartition(NODES, 0, event);
        sender.sendToPartition(NODES, 0, deleteRequested("node-3"));

        awaitCount("VolumeDeleteRequested", before.get("VolumeDeleteRequested") + 1);
        assertThat(count("VolumeProvisioningFailed")).isEqualTo(before.get("VolumeProvisioningFailed") + 1);
    }

    @Test
    void messagesThatAreNotEventsGoToTheDeadLetterTopicAndConsumingGoesOn() {
        byte[] garbage = "{\"node\":\"json-is-not-our-format\"}".getBytes(StandardCharsets.UTF_8);
        long before = count("VolumeDeleted");

        sender.send(NODES, null, "garbage-node", garbage);
        sender.send(ARRAYS, null, "garbage-array", garbage);
        sender.send(ARRAYS, deleted("array-b"));

        var letters = deadLetters.await(r -> r.key() != null && r.key().startsWith("garbage-"), 2, DEADLINE);
        assertThat(letters).extracting(r -> r.key()).containsExactlyInAnyOrder("garbage-node", "garbage-array");
        assertThat(letters).allSatisfy(r -> {
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(TopicReader.header(r, "dead-letter-reason")).get().asString().contains("C3 01");
        });
        awaitCount("VolumeDeleted", before + 1);
    }

    private static void awaitCount(String type, long expected) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> count(type) >= expected);
        assertThat(count(type)).isEqualTo(expected);
    }

    private static long count(String type) {
        Object count = status().get("events.find { it.type == '" + type + "' }.count");
        return count == null ? 0 : ((Number) count).longValue();
    }

    private static JsonPath status() {
        return given().auth().oauth2("test-token").get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }
}
