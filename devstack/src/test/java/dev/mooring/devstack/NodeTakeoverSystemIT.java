package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.events.Topic;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.flasharray.client.FlashArrayNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-minute rule with every part as its own process, on short timers (grace 2 s, takeover 8 s after the
 * last heartbeat; {@link TwoMinuteRuleSystemIT} runs the real defaults). Each scenario has its own zone with
 * one storage node (at most one per zone) and, where the story needs one, a storageless node: the node dies
 * when its pretend kubelet stops renewing its Lease.
 */
@SystemTest
class NodeTakeoverSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static SystemStack system;
    private static Stack stack;
    private static ClusterNodes nodes;
    private static EventLog events;
    private static SimulatorAdminClient simulator;

    @BeforeAll
    static void startTheStack() {
        system = SystemStack.start("takeover", Map.of(
                "health-svc", Map.of("mooring.health.grace-period", "PT2S", "mooring.health.takeover-after", "PT8S"),
                "provisioner-svc", Map.of("mooring.storage.max-storage-nodes-per-zone", "1",
                        "mooring.storage.drive-specs", "size=10,size=10")),
                Topic.NODES.topicName(), Topic.POOLS.topicName());
        stack = system.stack;
        events = system.events;
        simulator = system.simulator();
        nodes = new ClusterNodes(system.kubernetes, Duration.ofMillis(500));
    }

    @AfterAll
    static void stopTheStack() {
        if (nodes != null) {
            nodes.close();
        }
        if (system != null) {
            system.close();
        }
    }

    /** A storage node with an online pool and a storageless node beside it, in their own zone. */
    private static void storageAndSpareIn(String zone, String storage, String spare) {
        nodes.add(storage, "region-1", zone);
        events.await(PoolOnline.class, p -> p.getNodeName().equals(storage), DEADLINE);
        if (spare != null) {
            nodes.add(spare, "region-1", zone);
            events.await(NodeStorageRoleAssigned.class,
                    r -> r.getNodeName().equals(spare) && r.getRole().equals("storageless"), DEADLINE);
        }
    }

    @Test
    void aStorageNodeWhoseLeaseStopsIsTakenOverByTheStoragelessNodeOfItsZoneFencedFirst() {
        storageAndSpareIn("zone-a", "a-storage", "a-spare");
        List<ConnectionChange> before = simulator.connectionHistory();
        assertThat(before).anyMatch(c -> c.isConnect() && c.host().equals(hostOf("a-storage")));

        nodes.stop("a-storage");

        NodeTakeoverDecided decided = events.await(NodeTakeoverDecided.class,
                d -> d.getFailedNode().equals("a-storage"), DEADLINE);
        assertThat(decided.getReplacementNode()).isEqualTo("a-spare");
        NodeTakeoverCompleted completed = events.await(NodeTakeoverCompleted.class,
                c -> c.getFailedNode().equals("a-storage"), DEADLINE);
        assertThat(completed.getReplacementNode()).isEqualTo("a-spare");
        assertThat(events.all(NodeFenced.class)).anyMatch(f -> f.getFailedNode().equals("a-storage"));
        assertThat(events.all(DrivesMoved.class)).anyMatch(m -> m.getFailedNode().equals("a-storage"));

        // Proven on the arrays: the drives moved, and never were they connected to both hosts at once.
        List<ConnectionChange> history = simulator.connectionHistory();
        assertThat(FencingProof.violations(history, hostOf("a-storage"), hostOf("a-spare"))).isEmpty();
        assertThat(FencingProof.moved(history, hostOf("a-storage"), hostOf("a-spare"))).hasSize(2);

        // The health API tells the story, phase by phase.
        var health = new MooringApi(stack.service("health-svc").baseUrl(), stack.apiToken());
        JsonNode takeover = health.call("GET", "/api/v1/nodes/a-storage", null).json().path("takeovers").get(0);
        assertThat(takeover.path("replacementNode").asText()).isEqualTo("a-spare");
        assertThat(takeover.path("status").asText()).isEqualTo("Completed");
        List<Instant> phases = Stream.of("deadlineAt", "decidedAt", "fencedAt", "drivesMovedAt", "identityTransferredAt",
                "completedAt").map(field -> Instant.parse(takeover.path(field).asText())).toList();
        assertThat(phases).as("each phase after the one before").isSorted();

        // Back after the takeover: storageless, and no connection to its old drives.
        long seq = history.stream().mapToLong(ConnectionChange::seq).max().orElse(0);
        nodes.resume("a-storage");
        await().atMost(DEADLINE).until(() -> health.call("GET", "/api/v1/nodes/a-storage", null).json()
                .path("state").asText().equals("Online"));
        assertThat(simulator.connectionHistory()).noneMatch(c -> c.seq() > seq && c.isConnect()
                && c.host().equals(hostOf("a-storage")));
        assertThat(events.all(NodeRecovered.class)).noneMatch(r -> r.getNodeName().equals("a-storage"));
        assertHealthyStack();
    }

    @Test
    void aNodeBackBeforeTheDeadlineIsReattachedWithoutATakeover() {
        storageAndSpareIn("zone-b", "b-storage", "b-spare");
        nodes.stop("b-storage");
        events.await(NodeOffline.class, o -> o.getNodeName().equals("b-storage"), DEADLINE);

        nodes.resume("b-storage");

        NodeRecovered recovered = events.await(NodeRecovered.class, r -> r.getNodeName().equals("b-storage"), DEADLINE);
        assertThat(recovered.getOutageMillis()).isPositive().isLessThan(8_000);
        NodeConnectionsVerified verified = events.await(NodeConnectionsVerified.class,
                v -> v.getNodeName().equals("b-storage"), DEADLINE);
        assertThat(verified.getResults()).hasSize(2).allMatch(r -> !r.getOutcome().equals("failed"));
        assertThat(events.all(NodeTakeoverDecided.class)).noneMatch(d -> d.getFailedNode().equals("b-storage"));
        assertHealthyStack();
    }

    @Test
    void withNoStoragelessNodeTheTakeoverIsBlockedUntilOneJoins() {
        storageAndSpareIn("zone-c", "c-storage", null);
        nodes.stop("c-storage");

        NodeTakeoverBlocked blocked = events.await(NodeTakeoverBlocked.class,
                b -> b.getFailedNode().equals("c-storage"), DEADLINE);
        assertThat(blocked.getFailure().getMessage()).contains("zone-c");

        nodes.add("c-spare", "region-1", "zone-c");

        NodeTakeoverCompleted completed = events.await(NodeTakeoverCompleted.class,
                c -> c.getFailedNode().equals("c-storage"), DEADLINE);
        assertThat(completed.getReplacementNode()).isEqualTo("c-spare");
        assertThat(FencingProof.violations(simulator.connectionHistory(), hostOf("c-storage"), hostOf("c-spare"))).isEmpty();
        assertHealthyStack();
    }

    @Test
    void healthSvcKilledDuringAnOutageAndAgainMidTakeoverDecidesOnceAndCompletesOnce() {
        storageAndSpareIn("zone-d", "d-storage", "d-spare");
        nodes.stop("d-storage");
        events.await(NodeOffline.class, o -> o.getNodeName().equals("d-storage"), DEADLINE);

        // Killed while the two-minute clock runs: the stored deadline still fires, once.
        stack.kill("health-svc");
        stack.restart("health-svc");
        events.await(NodeTakeoverDecided.class, d -> d.getFailedNode().equals("d-storage"), DEADLINE);

        // Killed mid-takeover: the phases go on without it, and it completes the takeover once when back.
        stack.kill("health-svc");
        stack.restart("health-svc");
        events.await(NodeTakeoverCompleted.class, c -> c.getFailedNode().equals("d-storage"), DEADLINE);

        var health = new MooringApi(stack.service("health-svc").baseUrl(), stack.apiToken());
        await().atMost(DEADLINE).until(() -> health.call("GET", "/api/v1/nodes/d-storage", null).json()
                .path("takeovers").path(0).path("status").asText().equals("Completed"));
        // Once: one decision and one completion (the relay may publish an event again after a kill, with the same
        // eventId, which every consumer's inbox ignores).
        assertThat(events.all(NodeTakeoverDecided.class).stream().filter(d -> d.getFailedNode().equals("d-storage"))
                .map(d -> d.getEnvelope().getEventId()).distinct()).hasSize(1);
        assertThat(events.all(NodeTakeoverCompleted.class).stream().filter(c -> c.getFailedNode().equals("d-storage"))
                .map(c -> c.getEnvelope().getEventId()).distinct()).hasSize(1);
        assertThat(events.all(NodeTakeoverDecided.class).stream().filter(d -> d.getFailedNode().equals("d-storage"))
                .map(NodeTakeoverDecided::getTakeoverId).distinct()).hasSize(1);
        assertThat(FencingProof.violations(simulator.connectionHistory(), hostOf("d-storage"), hostOf("d-spare"))).isEmpty();
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }

    @Test
    void backJustBeforeTheDeadlineJustAfterItOrDuringTheTakeoverNeverLeavesADriveOnTwoHosts() {
        storageAndSpareIn("zone-e", "e-storage", "e-spare");
        storageAndSpareIn("zone-f", "f-storage", "f-spare");
        storageAndSpareIn("zone-g", "g-storage", "g-spare");
        List.of("e-storage", "f-storage", "g-storage").forEach(nodes::stop);
        Instant lastHeartbeatE = events.await(NodeOffline.class, o -> o.getNodeName().equals("e-storage"), DEADLINE)
                .getLastHeartbeatAt();
        Instant lastHeartbeatF = events.await(NodeOffline.class, o -> o.getNodeName().equals("f-storage"), DEADLINE)
                .getLastHeartbeatAt();

        // The 119 s case, scaled: back one second before the (8 s) deadline — recovered, no takeover.
        await().atMost(DEADLINE).until(() -> Instant.now().isAfter(lastHeartbeatE.plusSeconds(7)));
        nodes.resume("e-storage");
        // The 121 s case: back one second after the deadline — the takeover goes on.
        await().atMost(DEADLINE).until(() -> Instant.now().isAfter(lastHeartbeatF.plusSeconds(9)));
        nodes.resume("f-storage");
        // Back during the takeover: as soon as it is decided.
        events.await(NodeTakeoverDecided.class, d -> d.getFailedNode().equals("g-storage"), DEADLINE);
        nodes.resume("g-storage");

        events.await(NodeRecovered.class, r -> r.getNodeName().equals("e-storage"), DEADLINE);
        events.await(NodeTakeoverCompleted.class, c -> c.getFailedNode().equals("f-storage"), DEADLINE);
        events.await(NodeTakeoverCompleted.class, c -> c.getFailedNode().equals("g-storage"), DEADLINE);
        assertThat(events.all(NodeTakeoverDecided.class)).noneMatch(d -> d.getFailedNode().equals("e-storage"));

        List<ConnectionChange> history = simulator.connectionHistory();
        for (String zone : List.of("e", "f", "g")) {
            assertThat(FencingProof.violations(history, hostOf(zone + "-storage"), hostOf(zone + "-spare")))
                    .as("zone-%s", zone).isEmpty();
        }
        assertThat(FencingProof.moved(history, hostOf("f-storage"), hostOf("f-spare"))).hasSize(2);
        assertThat(FencingProof.moved(history, hostOf("g-storage"), hostOf("g-spare"))).hasSize(2);
        assertHealthyStack();
    }

    private static String hostOf(String node) {
        return FlashArrayNames.hostNameFor(node);
    }

    private static void assertHealthyStack() {
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }
}
