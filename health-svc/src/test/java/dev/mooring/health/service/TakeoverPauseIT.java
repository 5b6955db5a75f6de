package dev.mooring.health.service;

import static dev.mooring.health.Cluster.api;
import static dev.mooring.health.Cluster.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.Cluster;
import dev.mooring.health.CutOffApiServerResource;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mass-silence guard with the real rule (pause above a third of the nodes, at least 3) and the short timers
 * (Offline after 2 s, takeover 5 s after the last heartbeat): ten nodes per scenario — five storage nodes and five
 * storageless candidates in one zone — whose kubelets renew through the test's own client, while health-svc reaches
 * the API server through a link the test can cut. Its own start and database: no other IT's nodes count.
 */
@QuarkusTest
@TestProfile(TakeoverPauseIT.RealPauseRule.class)
@QuarkusTestResource(value = CutOffApiServerResource.class, restrictToAnnotatedClass = true)
@HealthTestResources
class TakeoverPauseIT {

    /** The real share and minimum; the API view counts as unreachable after 1 s and stale after 3 s. */
    public static class RealPauseRule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.health.takeover-pause.mass-silence-share", "1/3",
                    "mooring.health.takeover-pause.mass-silence-minimum", "3",
                    "mooring.health.takeover-pause.stale-after", "3s",
                    "mooring.health.takeover-pause.reconnect-tolerance", "1s");
        }
    }

    @Inject
    Pool pool;

    @Inject
    LivenessLoop loop;

    private final KubernetesClient kubelets = CutOffApiServerResource.direct();
    private final List<String> nodes = new ArrayList<>();
    private Cluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new Cluster(kubelets, Duration.ofMillis(300));
        awaitTakeovers(false);
    }

    @AfterEach
    void forgetTheNodes() throws Throwable {
        cluster.close();
        CutOffApiServerResource.link().restore();
        for (String n : nodes) {
            kubelets.leases().inNamespace(Cluster.LEASES).withName(n).delete();
        }
        sql("DELETE FROM takeover_pause_view WHERE instance = 'health-svc-peer'");
        // Silent leftovers would count in the next scenario's share.
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("DELETE FROM node_health WHERE name = ANY($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(nodes.toArray(String[]::new))).replaceWithVoid());
        loop.restart();
        nodes.clear();
    }

    @Test
    void cutOffFromTheApiServerPastEveryDeadlineNoNodeIsTakenOverAndAllAreOnlineAfterwards() {
        tenNodes("cut");
        Instant cutAt = Instant.now();

        CutOffApiServerResource.link().cut();

        JsonPath paused = awaitTakeovers(true);
        assertThat(paused.getList("takeovers.reasons.reason", String.class)).contains("ApiServerUnreachable");
        assertThat(paused.getString("takeovers.since")).isNotNull();
        assertThat(pausedMetric("ApiServerUnreachable")).isEqualTo(1.0);
        nodes.forEach(n -> cluster.await(NodeOffline.class, n)); // the silence is still reported: nodes go Offline
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> api().get("/api/v1/nodes").then().extract()
                .jsonPath().getList("takeovers.reasons.reason", String.class).contains("MassSilence"));
        assertThat(pausedMetric("MassSilence")).isEqualTo(1.0);
        assertThat(pausedMetric("any")).isEqualTo(1.0);
        // Three minutes at the real timers (1.5 × takeover-after): here 8 s, well past every deadline (5 s).
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> Instant.now().isAfter(cutAt.plusSeconds(8)));
        assertThat(nodes).allSatisfy(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());

        CutOffApiServerResource.link().restore();

        nodes.forEach(n -> cluster.await(NodeRecovered.class, n));
        nodes.forEach(n -> cluster.awaitState(n, "Online"));
        JsonPath resumed = awaitTakeovers(false);
        assertThat(resumed.getString("takeovers.resumedAt")).isNotNull();
        assertThat(pausedMetric("any")).isEqualTo(0.0);
        // A fresh grace after the pause ended, and more: still nobody taken over.
        Instant resumedAt = Instant.parse(resumed.getString("takeovers.resumedAt"));
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> Instant.now().isAfter(resumedAt.plusSeconds(4)));
        assertThat(nodes).allSatisfy(n -> {
            assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty();
            assertThat(cluster.events(NodeTakeoverBlocked.class, n)).isEmpty();
            assertThat(node(n).getString("state")).isEqualTo("Online");
        });
        // Where kubectl get events -A shows it: on the Lease namespace, once paused and once resumed.
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> pauseEvents().containsAll(
                List.of("TakeoversPaused", "TakeoversResumed")));
        Event pausedEvent = kubelets.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "TakeoversPaused".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(pausedEvent.getInvolvedObject().getKind()).isEqualTo("Namespace");
        assertThat(pausedEvent.getInvolvedObject().getName()).isEqualTo(Cluster.LEASES);
        assertThat(pausedEvent.getMessage()).contains("ApiServerUnreachable");
    }

    @Test
    void aStalledApiServerIsAStaleViewAndNoNodeIsTakenOver() {
        tenNodes("stall");
        Instant stalledAt = Instant.now();

        CutOffApiServerResource.link().stall(); // connections stay open: the watches look connected

        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> api().get("/api/v1/nodes").then().extract()
                .jsonPath().getList("takeovers.reasons.reason", String.class).contains("ApiServerStale"));
        assertThat(pausedMetric("ApiServerStale")).isEqualTo(1.0);
        Awaitility.await().atMost(Cluster.DEADLINE).until(() -> Instant.now().isAfter(stalledAt.plusSeconds(8)));
        assertThat(nodes).allSatisfy(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());

        CutOffApiServerResource.link().restore();

        nodes.forEach(n -> cluster.awaitState(n, "Online"));
        awaitTakeovers(false);
        assertThat(nodes).allSatisfy(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());
    }

    @Test
    void oneNodeSilentWhileTheOthersRenewIsTakenOverAtItsDeadline() {
        tenNodes("one");

        cluster.kubeletStops("st-one-1");

        NodeOffline offline = cluster.await(NodeOffline.class, "st-one-1");
        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-one-1");
        assertThat(decided.getDeadlineAt()).isEqualTo(offline.getTakeoverDeadlineAt());
        assertThat(Duration.between(decided.getDeadlineAt(), decided.getEnvelope().getOccurredAt()))
                .isLessThan(Duration.ofSeconds(2)); // at its deadline, as without the guard
        assertThat(decided.getReplacementNode()).startsWith("sl-one-");
        assertThat(api().get("/api/v1/nodes").then().extract().jsonPath().getBoolean("takeovers.paused")).isFalse();
        assertThat(pausedMetric("any")).isEqualTo(0.0);
    }

    @Test
    void fiveOfTenSilentTogetherPauseTakeoversUntilTheyReturn() {
        tenNodes("five");
        List<String> silent = List.of("st-five-1", "st-five-2", "st-five-3", "sl-five-1", "sl-five-2");

        silent.forEach(cluster::kubeletStops);

        // The pause may start at the 4th Offline (4 of 10 is already more than a third); its reason follows the count.
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> api()
                .get("/api/v1/nodes").then().extract().jsonPath().getString("takeovers.reasons[0].message"),
                m -> m != null && m.startsWith("5 of 10 nodes went Offline within 2s"));
        JsonPath paused = api().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
        assertThat(paused.getBoolean("takeovers.paused")).isTrue();
        assertThat(paused.getList("takeovers.reasons.reason", String.class)).containsExactly("MassSilence");
        assertThat(pausedMetric("MassSilence")).isEqualTo(1.0);
        assertThat(pausedMetric("ApiServerUnreachable")).isEqualTo(0.0);
        NodeOffline offline = cluster.await(NodeOffline.class, "st-five-1");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> Instant.now().isAfter(offline.getTakeoverDeadlineAt().plusSeconds(3)));
        assertThat(silent).allSatisfy(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());
        assertThat(node("st-five-1").getString("state")).isEqualTo("Offline"); // held, its deadline kept
        assertThat(node("st-five-1").getString("currentOutage.takeoverDeadlineAt")).isNotNull();

        silent.forEach(cluster::kubeletRuns);

        silent.forEach(n -> cluster.await(NodeRecovered.class, n));
        awaitTakeovers(false);
        assertThat(silent).allSatisfy(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());
    }

    @Test
    void nodesStillSilentWhenThePauseEndsAreTakenOverOneGraceAfterIt() {
        tenNodes("rest");
        List<String> back = List.of("st-rest-3", "sl-rest-1", "sl-rest-2");
        List<String> dead = List.of("st-rest-1", "st-rest-2");
        back.forEach(cluster::kubeletStops);
        dead.forEach(cluster::kubeletStops);
        awaitTakeovers(true);
        NodeOffline offline = cluster.await(NodeOffline.class, "st-rest-1");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> Instant.now().isAfter(offline.getTakeoverDeadlineAt().plusSeconds(1)));
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-rest-1")).isEmpty();

        back.forEach(cluster::kubeletRuns); // 2 of 10 left silent: no longer a mass

        JsonPath resumed = awaitTakeovers(false);
        Instant resumedAt = Instant.parse(resumed.getString("takeovers.resumedAt"));
        for (String n : dead) {
            NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, n);
            // Its signals had one fresh grace (2 s) after the reopening to come back; its deadline was kept.
            assertThat(decided.getEnvelope().getOccurredAt()).isAfterOrEqualTo(resumedAt.plusSeconds(2));
            assertThat(decided.getDeadlineAt()).isEqualTo(cluster.await(NodeOffline.class, n).getTakeoverDeadlineAt());
        }
        back.forEach(n -> assertThat(cluster.events(NodeTakeoverDecided.class, n)).isEmpty());
    }

    @Test
    void anotherInstanceWhoseWatchBrokePausesTakeoversHereTooWithoutFlipping() throws Throwable {
        tenNodes("peer");

        // A second health-svc instance whose Lease watch broke, refreshing its view (here: fresh for an hour).
        sql("INSERT INTO takeover_pause_view (instance, reasons, seen_at) VALUES ('health-svc-peer', 'ApiServerUnreachable"
                + "\tlease watch disconnected since 2026-12-06T00:00:00Z (seen by health-svc-peer)', now() + interval '1 hour')");

        JsonPath paused = awaitTakeovers(true);
        assertThat(paused.getList("takeovers.reasons.message", String.class))
                .anySatisfy(m -> assertThat(m).contains("seen by health-svc-peer"));
        String since = paused.getString("takeovers.since");
        cluster.kubeletStops("st-peer-1");
        NodeOffline offline = cluster.await(NodeOffline.class, "st-peer-1");
        Awaitility.await().atMost(Cluster.DEADLINE)
                .until(() -> Instant.now().isAfter(offline.getTakeoverDeadlineAt().plusSeconds(1)));
        assertThat(cluster.events(NodeTakeoverDecided.class, "st-peer-1")).isEmpty();
        // This instance's own view is fine, yet it never reopened the gate: still the same pause.
        assertThat(api().get("/api/v1/nodes").then().extract().jsonPath().getString("takeovers.since")).isEqualTo(since);

        sql("DELETE FROM takeover_pause_view WHERE instance = 'health-svc-peer'"); // its view is back (or it stopped)

        Instant resumedAt = Instant.parse(awaitTakeovers(false).getString("takeovers.resumedAt"));
        NodeTakeoverDecided decided = cluster.await(NodeTakeoverDecided.class, "st-peer-1");
        assertThat(decided.getEnvelope().getOccurredAt()).isAfterOrEqualTo(resumedAt.plusSeconds(2));
    }

    @Test
    void twoOfTenSilentTogetherAreBothTakenOver() {
        tenNodes("two");

        cluster.kubeletStops("st-two-1");
        cluster.kubeletStops("st-two-2");

        NodeTakeoverDecided first = cluster.await(NodeTakeoverDecided.class, "st-two-1");
        NodeTakeoverDecided second = cluster.await(NodeTakeoverDecided.class, "st-two-2");
        assertThat(first.getReplacementNode()).isNotEqualTo(second.getReplacementNode());
        assertThat(api().get("/api/v1/nodes").then().extract().jsonPath().getBoolean("takeovers.paused")).isFalse();
    }

    private void sql(String statement) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> pool.query(statement).execute().replaceWithVoid());
    }

    /** Five storage nodes and five storageless candidates in zone z-{name}, all Online, roles known. */
    private void tenNodes(String name) {
        String zone = "z-" + name;
        IntStream.rangeClosed(1, 5).forEach(i -> {
            String storage = "st-" + name + "-" + i;
            String storageless = "sl-" + name + "-" + i;
            nodes.add(storage);
            nodes.add(storageless);
            cluster.storageNode(storage, zone);
            cluster.storagelessNode(storageless, zone, true);
            cluster.kubeletRuns(storage);
            cluster.kubeletRuns(storageless);
        });
        nodes.forEach(n -> cluster.awaitState(n, "Online"));
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> nodes.stream()
                .allMatch(n -> (n.startsWith("st-") ? "storage" : "storageless").equals(node(n).getString("role"))));
    }

    /** Waits until GET /api/v1/nodes says takeovers are (not) paused; returns that answer. */
    private static JsonPath awaitTakeovers(boolean paused) {
        Awaitility.await().atMost(Cluster.DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> api()
                .get("/api/v1/nodes").then().extract().jsonPath().getBoolean("takeovers.paused") == paused);
        return api().get("/api/v1/nodes").then().statusCode(200).extract().jsonPath();
    }

    /** The gauge mooring.health.takeovers.paused for a reason (or "any"), as Prometheus scrapes it. */
    private static double pausedMetric(String reason) {
        String metrics = api().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("mooring_health_takeovers_paused{") && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no paused gauge for " + reason + " in /q/metrics"));
    }

    private List<String> pauseEvents() {
        return kubelets.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> Cluster.LEASES.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }
}
