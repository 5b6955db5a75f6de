package dev.mooring.health.service;

import static dev.mooring.health.Cluster.api;
import static dev.mooring.health.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-minute rule with short timers (Offline after 2 s of silence, takeover 5 s after the last heartbeat):
 * kubelets renew Leases in the Kubernetes API test server, the other services' facts arrive on mooring.nodes,
 * and health-svc's decisions come out on mooring.nodes and over REST. Each scenario uses its own zone.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class NodeTakeoverIT {

    @Inject
    KubernetesClient kubernetes;

    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(kubernetes, Duration.ofMillis(300));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aStorageNodeWhoseLeaseStopsRenewingIsTakenOverByTheStoragelessNodeOfItsZone() {
        cluster.storageNode("st-a1", "z-a");
        cluster.storagelessNode("sl-a1", "z-a", true);
        cluster.storagelessNode("sl-other-zone", "z-other", true);
        cluster.kubeletRuns("st-a1");
        cluster.kubeletRuns("sl-a1");
        cluster.kubeletRuns("sl-other-zone");
        cluster.awaitState("st-a1", "Online");
        awaitRole("sl-a1", "storageless");
        awaitRole("st-a1", "storage");

        cluster.kubeletStops("st-a1");

        NodeOffline offline = cluster.await(NodeOffline.class, "st-a1");
        assertThat(offline.getSignals()).contains("lease");
        assertThat(Duration.between(offline.getLastHeartbeatAt(), offline.getTakeoverDeadlineAt()))
                .isEqualTo(Duration.ofSeconds(5));
        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-a1");
        assertThat(decided.getReplacementNode()).isEqualTo("sl-a1");
        assertThat(decided.getZone()).isEqualTo("z-a");
        assertThat(decided.getRegion()).isEqualTo("r1");
        assertThat(decided.getDeadlineAt()).isEqualTo(offline.getTakeoverDeadlineAt());
        assertThat(decided.getEnvelope().getOccurredAt()).isAfterOrEqualTo(decided.getDeadlineAt());
        assertThat(decided.getEnvelope().getCorrelationId()).isEqualTo(offline.getEnvelope().getCorrelationId());
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> nodeEvents("st-a1").containsAll(List.of("NodeOffline", "TakeoverDecided")));
        JsonPath during = node("st-a1");
        assertThat(during.getString("state")).isEqualTo("TakenOver");
        assertThat(during.getString("currentOutage.takeoverDeadlineAt")).isNotNull();
        assertThat(during.getString("takeovers[0].status")).isEqualTo("Decided");

        String id = decided.getTakeoverId();
        cluster.fencingFailed(id, "st-a1", "sl-a1"); // an array away: attach-svc retries, the takeover waits
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> "FencingFailed".equals(node("st-a1").getString("takeovers[0].status")));
        assertThat(node("st-a1").getString("takeovers[0].fencingFailureReason")).isEqualTo("ArrayUnreachable");
        cluster.fenced(id, "st-a1", "sl-a1");
        cluster.drivesMoved(id, "st-a1", "sl-a1");
        var transferred = cluster.identityTransferred(id, "st-a1", "sl-a1");
        cluster.sender().send("mooring.nodes", transferred); // redelivered: changes nothing

        NodeTakeoverCompleted completed = cluster.await(NodeTakeoverCompleted.class, "st-a1");
        assertThat(completed.getTakeoverId()).isEqualTo(id);
        assertThat(completed.getReplacementNode()).isEqualTo("sl-a1");
        assertThat(completed.getDecidedAt()).isEqualTo(decided.getEnvelope().getOccurredAt());
        JsonPath after = node("st-a1");
        assertThat(after.getString("takeovers[0].status")).isEqualTo("Completed");
        for (String phase : new String[] {"decidedAt", "fencingFailedAt", "fencedAt", "drivesMovedAt", "identityTransferredAt",
                "completedAt"}) {
            assertThat(after.getString("takeovers[0]." + phase)).as(phase).isNotNull();
        }
        // The same takeover across nodes, by id, with its failed node (what mooringctl takeover list/inspect show).
        JsonPath byId = api().get("/api/v1/takeovers/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(byId.getString("failedNode")).isEqualTo("st-a1");
        assertThat(byId.getString("replacementNode")).isEqualTo("sl-a1");
        assertThat(byId.getString("region")).isEqualTo("r1");
        assertThat(byId.getString("completedAt")).isEqualTo(after.getString("takeovers[0].completedAt"));
        assertThat(api().get("/api/v1/takeovers").then().statusCode(200).extract().jsonPath()
                .getList("takeovers.takeoverId", String.class)).contains(id);
        assertThat(api().get("/api/v1/takeovers?inFlight=true").then().statusCode(200).extract().jsonPath()
                .getList("takeovers.takeoverId", String.class)).doesNotContain(id);
        api().get("/api/v1/takeovers/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("detail", containsString("does not exist"));
        api().get("/api/v1/takeovers/not-an-id").then().statusCode(404).body("detail", containsString("UUIDs"));
        assertThat(after.getString("role")).isEqualTo("storageless");
        assertThat(node("sl-a1").getString("role")).isEqualTo("storage");
        assertThat(node("sl-a1").getString("poolId")).isEqualTo("pool-st-a1");

        // The failed node comes back after the decision: Online, storageless, and no NodeRecovered.
        cluster.kubeletRuns("st-a1");
        cluster.awaitState("st-a1", "Online");
        marker("st-a1");
        assertThat(cluster.events(NodeRecovered.class, "st-a1")).isEmpty();
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-a1")).hasSize(1);
        assertThat(cluster.events(NodeTakeoverCompleted.class, "st-a1")).hasSize(1);
        assertThat(node("st-a1").getString("currentOutage")).isNull();
    }

    @Test
    void aStorageNodeWhoseAgentIsBackWithinTheWindowIsRecoveredAndNotTakenOver() {
        cluster.storageNode("st-b1", "z-b");
        cluster.storagelessNode("sl-b1", "z-b", true);
        cluster.kubeletRuns("sl-b1");
        cluster.agentRuns("st-b1");
        cluster.awaitState("st-b1", "Online");
        awaitRole("st-b1", "storage");

        cluster.agentStops("st-b1");
        NodeOffline offline = cluster.await(NodeOffline.class, "st-b1");
        assertThat(offline.getSignals()).contains("agent");
        assertThat(node("st-b1").getString("currentOutage.outageId")).isNotNull();
        cluster.agentRuns("st-b1");

        NodeRecovered recovered = cluster.await(NodeRecovered.class, "st-b1");
        assertThat(recovered.getOutageMillis()).isBetween(2_000L, 5_000L);
        assertThat(recovered.getSignals()).containsExactly("agent");
        assertThat(recovered.getEnvelope().getCorrelationId()).isEqualTo(offline.getEnvelope().getCorrelationId());
        cluster.awaitState("st-b1", "Online");
        // Past where the deadline would have been: still no takeover.
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> Instant.now().isAfter(offline.getTakeoverDeadlineAt().plusSeconds(1)));
        marker("st-b1");
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-b1")).isEmpty();
        assertThat(cluster.events(NodeTakeoverBlocked.class, "st-b1")).isEmpty();
        assertThat(node("st-b1").getList("takeovers")).isEmpty();
    }

    @Test
    void withoutACandidateTheTakeoverIsBlockedOnceThenDecidedWhenAStoragelessNodeAppears() {
        cluster.storageNode("st-c1", "z-c");
        cluster.storagelessNode("sl-c-noiqn", "z-c", false); // no initiators: no candidate
        cluster.kubeletRuns("st-c1");
        cluster.kubeletRuns("sl-c-noiqn");
        cluster.awaitState("st-c1", "Online");
        awaitRole("st-c1", "storage");
        awaitRole("sl-c-noiqn", "storageless");

        cluster.kubeletStops("st-c1");

        NodeTakeoverBlocked blocked = cluster.await(NodeTakeoverBlocked.class, "st-c1");
        assertThat(blocked.getFailure().getReason()).isEqualTo("NoStoragelessNodeWithInitiators");
        assertThat(blocked.getFailure().getRetryable()).isTrue();
        assertThat(blocked.getFailure().getMessage()).contains("z-c").contains("sl-c-noiqn");
        assertThat(node("st-c1").getString("state")).isEqualTo("TakeoverPending");
        assertThat(node("st-c1").getString("takeovers[0].blockedReason")).isEqualTo("NoStoragelessNodeWithInitiators");
        // Retried every 2 s: the same reason is not announced again.
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> cluster.events(NodeTakeoverBlocked.class, "st-c1").size() == 1);

        assertThat(nodeEvents("st-c1")).containsOnlyOnce("TakeoverBlocked"); // where kubectl describe node shows it
        cluster.storagelessNode("sl-c2", "z-c", true);
        cluster.kubeletRuns("sl-c2");

        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-c1");
        assertThat(decided.getReplacementNode()).isEqualTo("sl-c2");
        assertThat(decided.getTakeoverId()).isEqualTo(blocked.getTakeoverId());
        assertThat(node("st-c1").getString("takeovers[0].blockedAt")).isNotNull();
        assertThat(node("st-c1").getString("takeovers[0].decidedAt")).isNotNull();
    }

    @Test
    void aStorageNodeBackWhileItsTakeoverIsBlockedIsRecoveredAndTheTakeoverAbandoned() {
        cluster.storageNode("st-f1", "z-f"); // alone in its zone
        cluster.kubeletRuns("st-f1");
        cluster.awaitState("st-f1", "Online");
        awaitRole("st-f1", "storage");

        cluster.kubeletStops("st-f1");
        NodeTakeoverBlocked blocked = cluster.await(NodeTakeoverBlocked.class, "st-f1");
        assertThat(blocked.getFailure().getReason()).isEqualTo("NoStoragelessNodeInZone");
        cluster.kubeletRuns("st-f1");

        NodeRecovered recovered = cluster.await(NodeRecovered.class, "st-f1");
        assertThat(recovered.getOutageMillis()).isGreaterThanOrEqualTo(5_000L); // past the deadline, never decided
        cluster.awaitState("st-f1", "Online");
        assertThat(node("st-f1").getString("takeovers[0].status")).isEqualTo("Abandoned");
        assertThat(node("st-f1").getString("takeovers[0].abandonedAt")).isNotNull();
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-f1")).isEmpty();
    }

    @Test
    void aStorageNodeWhoseRoleArrivesOnlyAfterItsDeadlineIsTakenOverOnceItIsKnown() {
        // health-svc hears of the node and its zone, but not yet that it holds a pool (a late consumer).
        cluster.topology("st-g1", "z-g");
        cluster.observed("st-g1", true);
        cluster.storagelessNode("sl-g1", "z-g", true);
        cluster.kubeletRuns("st-g1");
        cluster.kubeletRuns("sl-g1");
        cluster.awaitState("st-g1", "Online");
        awaitRole("sl-g1", "storageless");

        cluster.kubeletStops("st-g1");
        NodeOffline offline = cluster.await(NodeOffline.class, "st-g1");
        Instant deadline = offline.getTakeoverDeadlineAt();
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> Instant.now().isAfter(deadline.plusSeconds(2)));
        // Past the deadline with no role known: pending, not waived as if it were storageless.
        assertThat(node("st-g1").getString("state")).isEqualTo("TakeoverPending");
        assertThat(node("st-g1").getBoolean("currentOutage.takeoverWaived")).isFalse();
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-g1")).isEmpty();

        cluster.storageRole("st-g1", "z-g");

        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-g1");
        assertThat(decided.getReplacementNode()).isEqualTo("sl-g1");
    }

    @Test
    void aStoragelessNodeThatDiesIsNotTakenOverAndRecoversWhenBack() {
        cluster.storagelessNode("sl-e1", "z-e", true);
        cluster.kubeletRuns("sl-e1");
        cluster.awaitState("sl-e1", "Online");
        awaitRole("sl-e1", "storageless");

        cluster.kubeletStops("sl-e1");
        NodeOffline offline = cluster.await(NodeOffline.class, "sl-e1");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> node("sl-e1").getBoolean("currentOutage.takeoverWaived"));

        assertThat(node("sl-e1").getString("state")).isEqualTo("Offline");
        assertThat(cluster.events(NodeTakeoverDecided.class, "sl-e1")).isEmpty();
        assertThat(cluster.events(NodeTakeoverBlocked.class, "sl-e1")).isEmpty();
        cluster.kubeletRuns("sl-e1");
        NodeRecovered recovered = cluster.await(NodeRecovered.class, "sl-e1");
        assertThat(recovered.getLastHeartbeatAt()).isEqualTo(offline.getLastHeartbeatAt());
    }

    @Test
    void theApiAnswersUnknownNodesAndBadNamesWithProblems() {
        api().get("/api/v1/nodes/no-such-node").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no-such-node"));
        api().post("/api/v1/nodes/Not_A_Node/heartbeat").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"))
                .body("detail", containsString("DNS-1123"));
        api().post("/api/v1/nodes/agent-only-1/heartbeat").then().statusCode(204);
        cluster.awaitState("agent-only-1", "Online");
        assertThat(node("agent-only-1").getString("signals.agent")).isNotNull();
        assertThat(api().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath()
                .getList("nodes.name", String.class)).contains("agent-only-1");
    }

    /** The reasons of the Kubernetes Events recorded on a Node. */
    private List<String> nodeEvents(String node) {
        return kubernetes.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    private void awaitRole(String node, String role) {
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> role.equals(api().get("/api/v1/nodes/" + node).then().extract().path("role")));
    }

    /** An agent heartbeat for a throwaway node, then waits until it is Online: everything before it was handled. */
    private void marker(String about) {
        String marker = "marker-" + about + "-" + System.nanoTime();
        Cluster.heartbeat(marker);
        cluster.awaitState(marker, "Online");
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> true);
    }
}
