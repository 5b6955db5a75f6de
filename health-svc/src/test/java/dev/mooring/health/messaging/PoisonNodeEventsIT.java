package dev.mooring.health.messaging;

import static dev.mooring.health.Cluster.api;
import static dev.mooring.health.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import dev.mooring.testing.EventSender;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node events health-svc can never apply — a storage role it does not know, a takeover id that is none of its own —
 * are dead-lettered with their reason (listed on {@code /api/v1/dead-letters}, replayable), never applied half and
 * never silently dropped; the node's later events are applied as usual.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class PoisonNodeEventsIT {

    private final EventSender sender = new EventSender();

    @AfterEach
    void close() {
        sender.close();
    }

    @Test
    void anUnknownStorageRoleIsDeadLetteredAndTheNodesNextFactsStillApply() {
        NodeStorageRoleAssigned unknown = role("poison-p1", "witness");
        sender.send("mooring.nodes", unknown);

        Map<String, Object> letter = awaitDeadLetter(unknown.getEnvelope().getEventId());
        assertThat(letter).containsEntry("eventType", "NodeStorageRoleAssigned").containsEntry("key", "poison-p1");
        assertThat((String) letter.get("reason")).contains("unknown storage role 'witness'").contains("poison-p1");
        api().get("/api/v1/nodes/poison-p1").then().statusCode(404); // nothing of it was applied

        // The node's next fact, behind the poison on its key.
        sender.send("mooring.nodes", role("poison-p1", "storage"));
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/v1/nodes/poison-p1").then().extract().statusCode() == 200
                        && "storage".equals(node("poison-p1").getString("role")));
        assertThat(node("poison-p1").getString("zone")).isEqualTo("z-p");
    }

    @Test
    void aPhaseNamingATakeoverIdThatIsNoUuidIsDeadLettered() {
        NodeFenced fenced = NodeFenced.newBuilder().setEnvelope(Cluster.envelope("poison-p2"))
                .setTakeoverId("takeover-7").setFailedNode("poison-p2").setReplacementNode("poison-p3").setRemoved(List.of())
                .setVerifiedArrays(List.of("array-a")).build();
        sender.send("mooring.nodes", fenced);

        Map<String, Object> letter = awaitDeadLetter(fenced.getEnvelope().getEventId());
        assertThat(letter).containsEntry("eventType", "NodeFenced").containsEntry("key", "poison-p2");
        assertThat((String) letter.get("reason")).contains("'takeover-7'").contains("not a takeover id");
    }

    /** What provisioner-svc says of a node of zone z-p. */
    private static NodeStorageRoleAssigned role(String node, String role) {
        return NodeStorageRoleAssigned.newBuilder().setEnvelope(Cluster.envelope(node)).setNodeName(node)
                .setRole(role).setRegion("r1").setZone("z-p").setPoolId(null).setReason("set by the test").build();
    }

    /** Waits until the event is listed as a dead letter, and returns its entry. */
    private static Map<String, Object> awaitDeadLetter(UUID eventId) {
        String entry = "find { it.eventId == '" + eventId + "' }";
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> deadLetters().get(entry) != null);
        return deadLetters().getMap(entry);
    }

    private static JsonPath deadLetters() {
        return api().get("/api/v1/dead-letters").then().statusCode(200).extract().jsonPath();
    }
}
