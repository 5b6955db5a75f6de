package dev.mooring.topology.scheduling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.topology.TopologyTestResources;
import dev.mooring.topology.dr.domain.DomainState;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kube-scheduler calls the extender with real ExtenderArgs JSON and no token: pods using Mooring volumes stay in the
 * active cluster domain, near an array that serves their FlashArray volume (array-a in zone z1, array-b in zone z2,
 * pod1 stretched over both on the simulator), and nodes are scored by where pool-backed replicas are (provisioner-svc's
 * volume view, served here by a real HTTP server on loopback).
 */
@QuarkusTest
@TestProfile(SchedulerExtenderIT.Profile.class)
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
class SchedulerExtenderIT {

    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String DOMAIN = SettableLocalDomain.NAME;
    private static final String NS = "shop";

    @Inject
    KubernetesClient kubernetes;

    @Inject
    SettableLocalDomain domain;

    @Inject
    ArrayDirectory arrays;

    @BeforeEach
    void cluster() {
        node("sched-n1", "east", "z1", "r1");
        node("sched-n2", "east", "z1", "r2");
        node("sched-n3", "east", "z2", "r3");
        node("sched-n4", "west", "w1", "r9");
        for (String n : List.of("sched-n1", "sched-n2", "sched-n3", "sched-n4")) {
            Awaitility.await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2("test-token")
                    .get("/api/v1/nodes/" + n + "/topology").then().statusCode(200));
        }
        claim("db", "vol-pool-1", Map.of("backend", "pool", "repl", "2"), "pxd.portworx.com");
        claim("logs", "vol-fa-1", Map.of("backend", "flasharray", "arrays", "array-a,array-b",
                "arrayVolumeName", "px_logs", "pod", "pod1"), "pxd.portworx.com");
        claim("other", "ebs-1", Map.of(), "ebs.csi.aws.com");
        claim("slow", "vol-slow", Map.of("backend", "pool", "repl", "1"), "pxd.portworx.com");
        ProvisionerStub.replicas.put("vol-pool-1", "[{\"index\":0,\"pool\":\"p1\",\"node\":\"sched-n1\"},"
                + "{\"index\":1,\"pool\":\"p9\",\"node\":\"elsewhere\",\"region\":\"north\"}]");
        Awaitility.await().atMost(DEADLINE).until(() -> arrays.registered().size() == 2);
    }

    @AfterEach
    void activeAgain() {
        setDomain(DomainState.active);
    }

    @Test
    void poolBackedReplicasScoreTheirNodeRackZoneAndRegionFromFullNodes() {
        String args = args(pod("db"), fullNodes("sched-n1", "sched-n2", "sched-n3", "sched-n4"));

        JsonPath filtered = scheduler("filter", args);
        assertThat(filtered.getList("nodes.items.metadata.name"))
                .containsExactly("sched-n1", "sched-n2", "sched-n3", "sched-n4");
        assertThat(filtered.getMap("failedAndUnresolvableNodes")).isEmpty();

        assertThat(scores(args)).containsExactly(Map.entry("sched-n1", 10), Map.entry("sched-n2", 3),
                Map.entry("sched-n3", 1), Map.entry("sched-n4", 0));
        assertThat(ProvisionerStub.authorizations).contains("Bearer stub-token");

        // The replica's node is no candidate (full, tainted…): its place is still topology-svc's (z1, r1).
        assertThat(scores(args(pod("db"), names("sched-n2", "sched-n3", "sched-n4"))))
                .containsExactly(Map.entry("sched-n2", 3), Map.entry("sched-n3", 1), Map.entry("sched-n4", 0));
    }

    @Test
    void aProvisionerThatDoesNotAnswerInTimeLeavesTheVolumeUnscoredWithoutKeepingTheSchedulerWaiting() {
        long start = System.nanoTime();
        Map<String, Integer> scores = scores(args(pod("slow"), names("sched-n1", "sched-n2")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(scores).containsExactly(Map.entry("sched-n1", 0), Map.entry("sched-n2", 0));
        assertThat(took).as("bounded by provisioner-timeout (500ms here), not the stub's 5 s").isLessThan(
                Duration.ofSeconds(3));
        // Filter does not need provisioner-svc at all.
        assertThat(scheduler("filter", args(pod("slow"), names("sched-n1", "sched-n2"))).getList("nodenames"))
                .containsExactly("sched-n1", "sched-n2");
    }

    @Test
    void aFlashArrayVolumeKeepsThePodInZonesWithAServingArrayAndAnArrayDownTakesItsZoneAway() {
        String args = args(pod("logs"), names("sched-n1", "sched-n3", "sched-n4"));
        Awaitility.await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(scheduler("filter", args).getList("nodenames")).containsExactly("sched-n1", "sched-n3"));
        JsonPath filtered = scheduler("filter", args);
        assertThat(filtered.getString("failedAndUnresolvableNodes.sched-n4"))
                .contains("zone w1 has no up path to an array serving volume vol-fa-1");
        assertThat(scores(args)).containsExactly(Map.entry("sched-n1", 10), Map.entry("sched-n3", 10),
                Map.entry("sched-n4", 0));

        sim().admin().arrayDown("array-b");
        try {
            Awaitility.await().atMost(DEADLINE).untilAsserted(() ->
                    assertThat(scheduler("filter", args).getList("nodenames")).containsExactly("sched-n1"));
            assertThat(scores(args)).containsEntry("sched-n1", 10).containsEntry("sched-n3", 0);
            // Only nodes far from every serving array: rather all of them than none.
            assertThat(scheduler("filter", args(pod("logs"), names("sched-n3", "sched-n4"))).getList("nodenames"))
                    .containsExactly("sched-n3", "sched-n4");
        } finally {
            sim().admin().arrayUp("array-b");
        }
    }

    @Test
    void whileTheDomainIsInactiveEveryNodeFailsWithTheReasonButOtherPodsPass() {
        setDomain(DomainState.inactive);

        JsonPath filtered = scheduler("filter", args(pod("db"), names("sched-n1", "sched-n2")));
        assertThat(filtered.getList("nodenames")).isEmpty();
        assertThat(filtered.getString("failedAndUnresolvableNodes.sched-n1"))
                .startsWith("cluster domain " + DOMAIN + " is inactive: ");
        assertThat(scores(args(pod("db"), names("sched-n1")))).containsExactly(Map.entry("sched-n1", 0));

        JsonPath otherDriver = scheduler("filter", args(pod("other"), names("sched-n1", "sched-n2")));
        assertThat(otherDriver.getList("nodenames")).containsExactly("sched-n1", "sched-n2");
        assertThat(otherDriver.getMap("failedAndUnresolvableNodes")).isEmpty();
    }

    @Test
    void aNodeOfAnotherDomainFails() {
        kubernetes.nodes().withName("sched-n2").edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels("dr.mooring.dev/cluster-domain", "site-far").endMetadata().build());

        // A nodeCacheCapable scheduler sends names only: the label is the one topology-svc observed.
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
            JsonPath filtered = scheduler("filter", args(pod("db"), names("sched-n1", "sched-n2")));
            assertThat(filtered.getList("nodenames")).containsExactly("sched-n1");
            assertThat(filtered.getString("failedAndUnresolvableNodes.sched-n2")).contains("cluster domain site-far");
        });
        // A scheduler sending full Nodes is answered from their labels.
        JsonPath full = scheduler("filter", args(pod("db"), fullNodes("sched-n1", "sched-n2")));
        assertThat(full.getList("nodes.items.metadata.name")).containsExactly("sched-n1");
    }

    @Test
    void badArgsAre400NamingTheFieldAndOtherPathsStillNeedTheToken() {
        given().contentType(ContentType.JSON).body("{\"nodenames\":[\"sched-n1\"]}")
                .post("/api/v1/scheduler/filter")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("pod")).body("detail", containsString("pod"));
        given().contentType(ContentType.JSON).body("{\"pod\":" + pod("db") + ",\"nodes\":{\"items\":[{}]}}")
                .post("/api/v1/scheduler/prioritize")
                .then().statusCode(400).body("errors[0].field", equalTo("nodes.items[0].metadata.name"));
        given().get("/api/v1/nodes/sched-n1/topology").then().statusCode(401);
    }

    // --- what kube-scheduler sends ---------------------------------------------------------------------------

    private static JsonPath scheduler(String verb, String args) {
        return given().contentType(ContentType.JSON).body(args).post("/api/v1/scheduler/" + verb)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Integer> scores(String args) {
        List<Map<String, Object>> list = scheduler("prioritize", args).getList("$");
        Map<String, Integer> scores = new LinkedHashMap<>();
        list.forEach(e -> scores.put((String) e.get("host"), ((Number) e.get("score")).intValue()));
        return scores;
    }

    private static String args(String pod, String nodes) {
        return "{\"pod\":" + pod + "," + nodes + "}";
    }

    private static String pod(String claim) {
        return """
                {"metadata":{"name":"app-%1$s","namespace":"%2$s","uid":"u-%1$s"},
                 "spec":{"schedulerName":"mooring-scheduler","containers":[{"name":"app","image":"busybox"}],
                  "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"%1$s"}},
                             {"name":"kube-api-access","projected":{"sources":[]}}]},
                 "status":{"phase":"Pending"}}""".formatted(claim, NS);
    }

    private static String names(String... nodes) {
        return "\"nodenames\":" + List.of(nodes).stream().map(n -> "\"" + n + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private String fullNodes(String... nodes) {
        return "\"nodes\":{\"metadata\":{},\"items\":" + List.of(nodes).stream()
                .map(n -> io.fabric8.kubernetes.client.utils.Serialization.asJson(kubernetes.nodes().withName(n).get()))
                .collect(Collectors.joining(",", "[", "]")) + "}";
    }

    // --- the cluster ----------------------------------------------------------------------------------------

    private void node(String name, String region, String zone, String rack) {
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("topology.kubernetes.io/region", region, "topology.kubernetes.io/zone", zone,
                        "px/rack", rack))
                .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build()).createOr(existing -> existing.update());
    }

    private void claim(String claim, String handle, Map<String, String> attributes, String driver) {
        String pv = "pvc-" + claim;
        kubernetes.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pv)
                .endMetadata().withNewSpec().addToCapacity("storage", new Quantity("1Gi"))
                .withNewCsi().withDriver(driver).withVolumeHandle(handle).withVolumeAttributes(attributes).endCsi()
                .endSpec().build()).createOr(existing -> existing.update());
        kubernetes.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim).withNamespace(NS).endMetadata()
                .withNewSpec().withVolumeName(pv).endSpec().build()).createOr(existing -> existing.update());
    }

    private void setDomain(DomainState state) {
        domain.set(state);
    }

    private static FlashArraySimulator sim() {
        return SimulatorResource.simulator();
    }

    /** This installation as a cluster domain, the arrays with zones, provisioner-svc on loopback, short timers. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.scheduler-extender.array-pods-cache-ttl", "200ms",
                    "mooring.scheduler-extender.array-timeout", "500ms",
                    "mooring.scheduler-extender.replica-cache-ttl", "200ms",
                    "mooring.scheduler-extender.provisioner-timeout", "500ms",
                    "mooring.arrays.recheck-interval", "500ms",
                    "mooring.arrays.request-timeout", "2s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SettableLocalDomain.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ArraysInZones.class), new TestResourceEntry(ProvisionerStub.class));
        }
    }

    /** The simulator's two arrays, with pure.json placing array-a in zone z1 and array-b in zone z2. */
    public static class ArraysInZones implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> settings = new SimulatorResource().start();
            FlashArraySimulator sim = SimulatorResource.simulator();
            Map<String, String> zones = Map.of("array-a", "z1", "array-b", "z2");
            String pureJson = sim.arrayNames().stream().map(name -> "{\"MgmtEndPoint\":\"" + sim.endpoint(name)
                            + "\",\"APIToken\":\"" + sim.apiToken(name) + "\",\"Labels\":{\"topology.portworx.io/array\":\""
                            + name + "\",\"topology.portworx.io/zone\":\"" + zones.get(name) + "\"}}")
                    .collect(Collectors.joining(",", "{\"FlashArrays\":[", "]}"));
            try {
                Files.writeString(SimulatorResource.pureJsonFile(), pureJson);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return settings;
        }

        @Override
        public void stop() {
        }
    }

    /** provisioner-svc's {@code GET /api/v1/volumes/{id}}, answering the replicas a test put here. */
    public static class ProvisionerStub implements QuarkusTestResourceLifecycleManager {
        static final Map<String, String> replicas = new ConcurrentHashMap<>();
        static final Set<String> authorizations = ConcurrentHashMap.newKeySet();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                Path token = Files.createTempFile("provisioner-token", "");
                Files.writeString(token, "stub-token\n");
                server.createContext("/api/v1/volumes/", exchange -> {
                    String id = exchange.getRequestURI().getPath().substring("/api/v1/volumes/".length());
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) {
                        authorizations.add(auth);
                    }
                    if (id.equals("vol-slow")) {
                        hangUntilStopped(); // a provisioner-svc that hangs
                    }
                    String found = replicas.get(id);
                    byte[] body = (found == null ? "{\"status\":404}"
                            : "{\"id\":\"" + id + "\",\"backend\":\"pool\",\"repl\":2,\"replicas\":" + found + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(found == null ? 404 : 200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.setExecutor(Executors.newCachedThreadPool());
                server.start();
                Map<String, String> settings = new HashMap<>();
                settings.put("mooring.scheduler-extender.provisioner-url",
                        "http://127.0.0.1:" + server.getAddress().getPort());
                settings.put("mooring.scheduler-extender.provisioner-token-file", token.toString());
                return settings;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Released when the stub stops: the hanging answer never comes while the test looks. */
        private static final java.util.concurrent.CountDownLatch STOPPED = new java.util.concurrent.CountDownLatch(1);

        private static void hangUntilStopped() {
            try {
                STOPPED.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stop() {
            STOPPED.countDown();
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
