package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.flasharray.client.FlashArrayNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The two-minute rule on its real defaults (grace 40 s, takeover 120 s after the last heartbeat), end to
 * end: two storage nodes die at the same moment; one comes back at 60 s and is reattached with no takeover,
 * the other stays down and is taken over by the storageless node of its zone at the two-minute mark.
 */
@SystemTest
@Tag("realtime")
class TwoMinuteRuleSystemIT {

    private static SystemStack system;
    private static Stack stack;
    private static ClusterNodes nodes;
    private static EventLog events;

    @BeforeAll
    static void startTheStack() {
        system = SystemStack.start("two-minutes", Map.of("provisioner-svc", Map.of(
                        "mooring.storage.max-storage-nodes-per-zone", "1", "mooring.storage.drive-specs", "size=10")),
                Topic.NODES.topicName(), Topic.POOLS.topicName());
        stack = system.stack;
        events = system.events;
        nodes = new ClusterNodes(system.kubernetes, Duration.ofSeconds(1));
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

    @Test
    void backAtSixtySecondsIsReattachedAndDownPastTwoMinutesIsTakenOver() {
        Duration setup = Duration.ofSeconds(90);
        for (String zone : new String[] {"zone-x", "zone-y"}) {
            nodes.add(zone + "-storage", "region-1", zone);
            events.await(PoolOnline.class, p -> p.getNodeName().equals(zone + "-storage"), setup);
            nodes.add(zone + "-spare", "region-1", zone);
            events.await(NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(zone + "-spare"), setup);
        }

        Instant died = Instant.now();
        nodes.stop("zone-x-storage");
        nodes.stop("zone-y-storage");

        // zone-x: Offline after the 40 s grace, back at 60 s, reattached, never taken over.
        NodeOffline offline = events.await(NodeOffline.class, o -> o.getNodeName().equals("zone-x-storage"),
                Duration.ofSeconds(70));
        assertThat(Duration.between(offline.getLastHeartbeatAt(), offline.getEnvelope().getOccurredAt()))
                .isBetween(Duration.ofSeconds(40), Duration.ofSeconds(48));
        assertThat(Duration.between(offline.getLastHeartbeatAt(), offline.getTakeoverDeadlineAt()))
                .isEqualTo(Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(70)).until(() -> Instant.now().isAfter(died.plusSeconds(60)));
        nodes.resume("zone-x-storage");
        NodeRecovered recovered = events.await(NodeRecovered.class, r -> r.getNodeName().equals("zone-x-storage"),
                Duration.ofSeconds(30));
        assertThat(recovered.getOutageMillis()).isBetween(59_000L, 75_000L);
        events.await(NodeConnectionsVerified.class, v -> v.getNodeName().equals("zone-x-storage"), Duration.ofSeconds(30));

        // zone-y: decided at the two-minute mark, not before; completed by the storageless node of its zone.
        NodeTakeoverDecided decided = events.await(NodeTakeoverDecided.class,
                d -> d.getFailedNode().equals("zone-y-storage"), Duration.ofSeconds(150));
        assertThat(decided.getReplacementNode()).isEqualTo("zone-y-spare");
        assertThat(Duration.between(decided.getLastHeartbeatAt(), decided.getDeadlineAt())).isEqualTo(Duration.ofSeconds(120));
        assertThat(decided.getEnvelope().getOccurredAt()).isAfterOrEqualTo(decided.getDeadlineAt())
                .isBefore(decided.getDeadlineAt().plusSeconds(6));
        events.await(NodeTakeoverCompleted.class, c -> c.getFailedNode().equals("zone-y-storage"), Duration.ofSeconds(60));

        assertThat(events.all(NodeTakeoverDecided.class)).noneMatch(d -> d.getFailedNode().equals("zone-x-storage"));
        assertThat(FencingProof.violations(stack.simulatorAdmin().connectionHistory(),
                FlashArrayNames.hostNameFor("zone-y-storage"), FlashArrayNames.hostNameFor("zone-y-spare"))).isEmpty();
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }
}
