package dev.mooring.health.service;

import static dev.mooring.health.Cluster.node;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The takeover metrics as Prometheus scrapes them from {@code /q/metrics}: a takeover taken to its end adds one
 * observation to each phase's histogram; a blocked takeover shows in {@code mooring_takeovers_blocked} until a
 * replacement appears. Each scenario uses its own zone; counts are compared before and after (other tests share
 * the application).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class TakeoverMetricsIT {

    private static final String[] PHASES = {"decided", "fenced", "drives_moved", "identity_transferred", "completed"};

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
    void aTakeoverTakenToItsEndIsTimedInEveryPhase() {
        String scrapeBefore = scrape();
        for (String phase : PHASES) {
            assertThat(phaseCount(scrapeBefore, phase)).as("%s registered before any takeover", phase).isNotNull();
        }
        cluster.storageNode("st-m1", "z-m");
        cluster.storagelessNode("sl-m1", "z-m", true);
        cluster.kubeletRuns("st-m1");
        cluster.kubeletRuns("sl-m1");
        cluster.awaitState("st-m1", "Online");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> "storage".equals(node("st-m1").getString("role"))
                        && "storageless".equals(node("sl-m1").getString("role")));

        cluster.kubeletStops("st-m1");
        String id = cluster.await(NodeTakeoverDecided.class, "st-m1").getTakeoverId();
        cluster.fenced(id, "st-m1", "sl-m1");
        cluster.drivesMoved(id, "st-m1", "sl-m1");
        cluster.identityTransferred(id, "st-m1", "sl-m1");
        cluster.await(NodeTakeoverCompleted.class, "st-m1");

        Awaitility.await().atMost(Cluster.DEADLINE).untilAsserted(() -> {
            String after = scrape();
            for (String phase : PHASES) {
                assertThat(phaseCount(after, phase)).as(phase).isEqualTo(phaseCount(scrapeBefore, phase) + 1);
            }
            // The whole takeover took at least the 5 s from the last heartbeat to the deadline.
            assertThat(phaseSum(after, "completed") - phaseSum(scrapeBefore, "completed")).isGreaterThanOrEqualTo(5.0);
        });
    }

    @Test
    void aBlockedTakeoverIsCountedUntilAReplacementAppears() {
        double before = gauge(scrape(), "mooring_takeovers_blocked");
        assertThat(before).as("registered at start").isGreaterThanOrEqualTo(0);
        cluster.storageNode("st-n1", "z-n"); // alone in its zone
        cluster.kubeletRuns("st-n1");
        cluster.awaitState("st-n1", "Online");
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> "storage".equals(node("st-n1").getString("role")));

        cluster.kubeletStops("st-n1");
        cluster.await(NodeTakeoverBlocked.class, "st-n1");
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> gauge(scrape(), "mooring_takeovers_blocked") >= before + 1);

        cluster.storagelessNode("sl-n2", "z-n", true);
        cluster.kubeletRuns("sl-n2");
        cluster.await(NodeTakeoverDecided.class, "st-n1");
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> gauge(scrape(), "mooring_takeovers_blocked") == before);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static Double phaseCount(String scrape, String phase) {
        return value(scrape, "mooring_takeover_phase_seconds_count\\{[^}]*phase=\"" + phase + "\"[^}]*}");
    }

    private static Double phaseSum(String scrape, String phase) {
        return value(scrape, "mooring_takeover_phase_seconds_sum\\{[^}]*phase=\"" + phase + "\"[^}]*}");
    }

    private static double gauge(String scrape, String name) {
        Double value = value(scrape, name + "(?:\\{[^}]*})?");
        return value == null ? -1 : value;
    }

    private static Double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)").matcher(scrape);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
