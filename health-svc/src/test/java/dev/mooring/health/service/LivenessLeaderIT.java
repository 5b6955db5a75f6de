package dev.mooring.health.service;

import static dev.mooring.health.Cluster.api;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import dev.mooring.health.repository.NodeHealthRecord;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.kit.lease.LeaderLease;
import dev.mooring.kit.lease.LeaderLeases;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two health-svc instances share one database and only the holder of the leader lease decides. Here the other
 * instance holds it (a stand-in contender under another instance id): this instance watches and still flushes its
 * heartbeats and records the sightings of new nodes, but decides nothing — a node that falls silent stays Online in
 * the store. Once the other instance's lease lapses (it died), this instance takes over and decides from the store.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class LivenessLeaderIT {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    LivenessLoop loop;

    @Inject
    LeaderLeases leases;

    @Inject
    NodeHealthRepository nodes;

    private Cluster cluster;
    private LeaderLease other;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(kubernetes, Duration.ofMillis(300));
    }

    @AfterEach
    void close() {
        if (other != null) {
            other.stepDown().await().atMost(Cluster.DEADLINE);
        }
        loop.lease().compete(); // whatever happened, this instance leads the next test
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> loop.lease().isLeader());
        cluster.close();
    }

    @Test
    void anInstanceWithoutTheLeaseDecidesNothingYetFlushesAndDecidesOnceTheHoldersLeaseLapses() {
        cluster.kubeletRuns("ld-alive");
        cluster.kubeletRuns("ld-silent");
        cluster.awaitState("ld-alive", "Online");
        cluster.awaitState("ld-silent", "Online");
        LeaderLease mine = loop.lease();
        assertThat(mine.isLeader()).isTrue();

        // The other instance takes the lease over: this one steps down (released), the other acquires at once.
        mine.stepDown().await().atMost(Cluster.DEADLINE);
        other = leases.contender(LivenessLoop.LEASE, "health-svc-other", mine.settings());
        other.compete();
        Awaitility.await().atMost(Cluster.DEADLINE).until(other::isLeader);
        JsonPath leader = api().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
        assertThat(leader.getString("leader.holder")).isEqualTo("health-svc-other");
        assertThat(leader.getBoolean("leader.leading")).isFalse();
        assertThat(leader.getString("leader.thisInstance")).isEqualTo(mine.instance());
        mine.compete(); // waits for the lease: it is held, so this instance keeps not deciding

        OffsetDateTime flushedBefore = stored("ld-alive").lastHeartbeatAt;
        cluster.kubeletStops("ld-silent");
        cluster.kubeletRuns("ld-new"); // first seen while this instance does not lead

        // Far past the grace period (2 s): nothing decided, yet this instance's heartbeats still reach the store.
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> "Online".equals(stored("ld-silent").state)
                        && cluster.events(NodeOffline.class, "ld-silent").isEmpty());
        assertThat(stored("ld-alive").lastHeartbeatAt).as("Online heartbeats flushed").isAfter(flushedBefore);
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> stored("ld-new") != null);
        NodeHealthRecord sighted = stored("ld-new");
        assertThat(sighted.state).as("a first sight is left to the leader").isEqualTo("Unknown");
        assertThat(sighted.seenHeartbeatAt).as("but recorded for it").isNotNull();

        other.halt(); // the other instance dies: its lease lapses after the ttl, and this instance takes over

        Awaitility.await().atMost(Cluster.DEADLINE).until(mine::isLeader);
        NodeOffline offline = cluster.await(NodeOffline.class, "ld-silent");
        assertThat(offline.getNodeName()).isEqualTo("ld-silent");
        cluster.awaitState("ld-new", "Online");
        assertThat(stored("ld-alive").state).isEqualTo("Online");
        assertThat(cluster.events(NodeOffline.class, "ld-alive")).isEmpty();
    }

    private NodeHealthRecord stored(String name) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> nodes.findById(name)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
