package dev.mooring.health.service;

import static dev.mooring.health.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * health-svc dies while a storage node is Offline and comes back after the takeover deadline — while two more
 * "instances" fire due deadlines against the same database at the same moment. The stored deadline fires, and
 * the decision is taken exactly once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class TakeoverRestartIT {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    LivenessLoop loop;

    @Inject
    LivenessTransitions transitions;

    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(kubernetes, Duration.ofMillis(300));
    }

    @AfterEach
    void close() {
        loop.start(); // whatever happened, the scheduler runs for the next test
        cluster.close();
    }

    @Test
    void aRestartMidOutageWithRacingInstancesFiresTheStoredDeadlineOnce() throws Exception {
        cluster.storageNode("st-d1", "z-d");
        cluster.storagelessNode("sl-d1", "z-d", true);
        cluster.kubeletRuns("st-d1");
        cluster.kubeletRuns("sl-d1");
        cluster.awaitState("st-d1", "Online");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> "storageless".equals(node("sl-d1").getString("role"))
                        && "storage".equals(node("st-d1").getString("role")));

        cluster.kubeletStops("st-d1");
        NodeOffline offline = cluster.await(NodeOffline.class, "st-d1");
        loop.stop(); // the process dies between two transactions
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> Instant.now().isAfter(offline.getTakeoverDeadlineAt().plusSeconds(1)));
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-d1")).isEmpty();
        assertThat(node("st-d1").getString("state")).isEqualTo("Offline"); // nothing fired while down

        // Back up, while two other instances work through the due deadlines of the same database.
        List<CompletableFuture<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> fire()));
        }
        loop.restart();
        for (CompletableFuture<Integer> racer : racers) {
            racer.get();
        }

        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-d1");
        assertThat(decided.getReplacementNode()).isEqualTo("sl-d1");
        assertThat(decided.getDeadlineAt()).isEqualTo(offline.getTakeoverDeadlineAt()); // not restarted
        assertThat(decided.getEnvelope().getCorrelationId()).isEqualTo(offline.getEnvelope().getCorrelationId());
        long passes = loop.passes();
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> loop.passes() >= passes + 5);
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-d1")).hasSize(1);
        assertThat(cluster.events(NodeOffline.class, "st-d1")).hasSize(1);
        assertThat(node("st-d1").getString("state")).isEqualTo("TakenOver");
        assertThat(node("st-d1").getList("takeovers")).hasSize(1);
        assertThat(node("sl-d1").getString("state")).isEqualTo("Online"); // its heartbeats outlived the restart
    }

    private int fire() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> transitions.fireDue(100, Instant.EPOCH));
        } catch (Throwable e) {
            // A racer that loses on a lock or a constraint is what a second instance would see: it retries later.
            return 0;
        }
    }
}
