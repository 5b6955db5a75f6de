package dev.mooring.provisioner.rest;

import static dev.mooring.provisioner.rest.VolumeProvisioningIT.api;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.ProvisionerTestResources;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * health-svc reports that a stretched pod lost its arrays (ActiveCluster failover gone wrong): a new volume in
 * the pod is refused with the reason, and created once an array serves the pod again.
 */
@QuarkusTest
@ProvisionerTestResources
class PodServingIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String POD = "pod1";

    @AfterEach
    void bothArraysServeThePodAgain() {
        report("array-a", "online");
        report("array-b", "online");
    }

    @Test
    void aVolumeInAPodNoArrayServesIsRefusedThenCreatedWhenAnArrayIsBackOnline() {
        report("array-a", "offline");
        report("array-b", "offline");

        String location = api().body(Map.of("name", "during-outage", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block", "pure_fa_pod_name", POD)))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath refused = awaitState(location, "Failed");
        assertThat(refused.getString("failure.reason")).isEqualTo("PodNotServed");
        assertThat(refused.getBoolean("failure.retryable")).isTrue();
        assertThat(refused.getString("failure.message"))
                .isEqualTo("Pod pod1 is served by no array (array-a offline, array-b offline); new volumes in it are"
                        + " created once an array serves it again");

        // The Mediator let array-b keep the pod: it serves again, and the refused volume is created.
        report("array-b", "online");

        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("arrays", String.class)).containsExactly("array-a", "array-b");
        assertThat(ready.getString("arrayVolumeName")).startsWith("pod1::mooring-during-outage-");

        // While one array serves (the other still offline), new volumes are created as usual.
        String another = api().body(Map.of("name", "one-array-serving", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block", "pure_fa_pod_name", POD)))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        assertThat(awaitState(another, "Ready").getString("arrayVolumeName")).startsWith("pod1::");
    }

    @Test
    void aResyncingArrayDoesNotServeThePodYet() {
        report("array-a", "offline");
        report("array-b", "resyncing");

        String location = api().body(Map.of("name", "while-resyncing", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block", "pure_fa_pod_name", POD)))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath refused = awaitState(location, "Failed");
        assertThat(refused.getString("failure.message")).contains("array-a offline, array-b resyncing (50%)");

        // Resync done: array-b is online again, and the volume is created.
        report("array-b", "online");
        awaitState(location, "Ready");
    }

    @Test
    void anOlderReportArrivingLateAndAMessageThatIsNoEventChangeNothing() {
        report("array-a", "online");
        PodArrayStatusChanged late = statusEvent("array-a", "offline", Instant.now().minusSeconds(60));
        byte[] garbage = "not an event".getBytes(StandardCharsets.UTF_8);
        try (EventSender sender = new EventSender();
             TopicReader deadLetters = new TopicReader(KafkaBroker.shared(),
                     "mooring.dlq.provisioner-svc")) {
            sender.send("mooring.arrays", null, "array-a", garbage);
            sender.send("mooring.arrays", late);

            // The message that is no event is dead-lettered; the late report is handled, and ignored.
            deadLetters.await(r -> Arrays.equals(garbage, r.value()), 1, DEADLINE);
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> PoolFixtures.processed("follow-pod-status", late.getEnvelope().getEventId()));
        }
        assertThat(PoolFixtures.podStatus(POD, "array-a")).isEqualTo("online");
    }

    private static PodArrayStatusChanged statusEvent(String array, String status, Instant at) {
        return PodArrayStatusChanged.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                        .setSource("health-svc").setCorrelationId("pod-" + POD).setKey(array).build())
                .setArray(array)
                .setPodName(POD)
                .setStatus(status)
                .setProgress("resyncing".equals(status) ? 0.5 : null)
                .setMediatorStatus("online")
                .build();
    }

    /** health-svc's report of the pod on one array; returns once the provisioner has recorded it. */
    private static void report(String array, String status) {
        try (EventSender sender = new EventSender()) {
            sender.send("mooring.arrays", statusEvent(array, status, Instant.now()));
        }
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(PoolFixtures.podStatus(POD, array)));
    }
}
