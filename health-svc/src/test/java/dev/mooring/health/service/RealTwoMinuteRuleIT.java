package dev.mooring.health.service;

import static dev.mooring.health.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The one test that runs the real defaults end to end (about two and a half minutes): a kubelet renewing every
 * 10 s stops; 40 s after its last renewal the node is Offline, 120 s after it the takeover is decided.
 */
@QuarkusTest
@TestProfile(RealTwoMinuteRuleIT.DefaultTimers.class)
@WithKubernetesTestServer(crud = true)
@HealthTestResources
@Tag("realtime")
class RealTwoMinuteRuleIT {

    /** The production timers (the test profile shortens them for every other IT). */
    public static class DefaultTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.health.grace-period", "40s",
                    "mooring.health.takeover-after", "120s",
                    "mooring.health.scheduler-interval", "1s",
                    "mooring.health.heartbeat-flush-interval", "5s",
                    "mooring.health.blocked-retry-interval", "30s");
        }
    }

    @Inject
    KubernetesClient kubernetes;

    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(kubernetes, Duration.ofSeconds(10)); // the kubelet's default renewal
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aStorageNodeSilentForTwoMinutesIsTakenOverAtTheDefaultDeadline() {
        cluster.storageNode("st-real", "z-real");
        cluster.storagelessNode("sl-real", "z-real", true);
        cluster.kubeletRuns("st-real");
        cluster.kubeletRuns("sl-real");
        cluster.awaitState("st-real", "Online");
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> "storage".equals(node("st-real").getString("role"))
                && "storageless".equals(node("sl-real").getString("role")));

        cluster.kubeletStops("st-real");

        NodeOffline offline = cluster.await(NodeOffline.class, "st-real", e -> true, Duration.ofSeconds(60));
        Duration noticed = Duration.between(offline.getLastHeartbeatAt(), offline.getEnvelope().getOccurredAt());
        assertThat(noticed).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(43));
        assertThat(Duration.between(offline.getLastHeartbeatAt(), offline.getTakeoverDeadlineAt()))
                .isEqualTo(Duration.ofSeconds(120));

        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-real", e -> true,
                Duration.ofSeconds(100));
        Duration decidedAfter = Duration.between(decided.getLastHeartbeatAt(), decided.getEnvelope().getOccurredAt());
        assertThat(decidedAfter).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(123));
        assertThat(decided.getReplacementNode()).isEqualTo("sl-real");
        assertThat(node("sl-real").getString("state")).isEqualTo("Online"); // renewing every 10 s kept it alive
    }
}
