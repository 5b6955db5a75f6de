package dev.mooring.topology.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import dev.mooring.topology.TopologyTestResources;
import dev.mooring.topology.service.TopologyController;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes appear, change and go in the Kubernetes API test server; topology-svc labels them with px/*, never
 * touches a user's label, publishes NodeTopologyAssigned once per actual change and NodeObserved when a node's
 * facts change, reports conflicts where users look, and shows the tree over REST.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
class NodeTopologyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String REGION = "topology.kubernetes.io/region";
    private static final String BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
    private static final String MANAGED = "mooring.dev/topology-labels-managed";

    @Inject
    KubernetesClient kubernetes;

    @Inject
    TopologyController controller;

    private TopicReader topic;

    @BeforeEach
    void open() {
        topic = new TopicReader(KafkaBroker.shared(), "mooring.nodes");
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aNewNodeIsLabelledFromItsTopologyLabelsAndAUsersLabelIsLeftAlone() {
        String name = "worker-a1";
        create(name, Map.of(REGION, "us-east-1", ZONE, "us-east-1a", "px/rack", "r7"),
                Map.of("mooring.dev/iscsi-iqn", "iqn.2024-01.dev.mooring:worker-a1"), true);

        NodeTopologyAssigned assigned = awaitAssigned(name, a -> true);
        assertThat(assigned.getRegion()).isEqualTo("us-east-1");
        assertThat(assigned.getRegionSource()).isEqualTo("label:topology.kubernetes.io/region");
        assertThat(assigned.getZone()).isEqualTo("us-east-1a");
        assertThat(assigned.getZoneSource()).isEqualTo("label:topology.kubernetes.io/zone");
        assertThat(assigned.getRack()).isEqualTo("r7");
        assertThat(assigned.getRackSource()).isEqualTo("label:px/rack");
        assertThat(assigned.getConflicts()).isEmpty();

        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(labels(name))
                .containsEntry("px/region", "us-east-1")
                .containsEntry("px/zone", "us-east-1a")
                .containsEntry("px/rack", "r7"));
        assertThat(annotations(name)).containsEntry(MANAGED, "px/region=us-east-1,px/zone=us-east-1a");

        NodeObserved first = observed(name).get(0);
        assertThat(first.getReady()).isTrue();
        assertThat(first.getRemoved()).isFalse();
        assertThat(first.getIscsiIqns()).containsExactly("iqn.2024-01.dev.mooring:worker-a1");
        awaitObserved(name, o -> "us-east-1a".equals(o.getLabels().get("px/zone"))); // the write-back, observed
        assertThat(assigned(name)).hasSize(1); // writing px/* back changed no topology

        api().get("/api/v1/nodes/" + name + "/topology").then().statusCode(200)
                .body("region.value", equalTo("us-east-1"))
                .body("zone.source", equalTo("label:topology.kubernetes.io/zone"))
                .body("rack.source", equalTo("label:px/rack"))
                .body("labelsWrittenByMooring.'px/zone'", equalTo("us-east-1a"))
                .body("labelsWrittenByMooring.'px/rack'", equalTo(null))
                .body("ready", equalTo(true));
    }

    @Test
    void resyncsAndUnrelatedChangesEmitNoTopologyEvent() {
        String name = "worker-b1";
        create(name, Map.of(ZONE, "b-1"), Map.of(), true);
        awaitAssigned(name, a -> "b-1".equals(a.getZone()));
        awaitObserved(name, o -> "b-1".equals(o.getLabels().get("px/zone")));

        long before = controller.reconciliations(name);
        // The test profile resyncs every second: wait for two rounds that found the node unchanged.
        Awaitility.await().atMost(DEADLINE).until(() -> controller.reconciliations(name) >= before + 2);
        label(name, "team", "blue");
        awaitObserved(name, o -> "blue".equals(o.getLabels().get("team")));
        marker(name);

        assertThat(assigned(name)).hasSize(1);
    }

    @Test
    void aLabelChangeOnALiveNodeIsFollowedAndAUsersLabelIsNeverOverwritten() {
        String name = "worker-c1";
        create(name, Map.of(ZONE, "c-1"), Map.of(), true);
        awaitAssigned(name, a -> "c-1".equals(a.getZone()));
        awaitLabel(name, "px/zone", "c-1");

        label(name, ZONE, "c-2");
        NodeTopologyAssigned moved = awaitAssigned(name, a -> "c-2".equals(a.getZone()));
        assertThat(moved.getZoneSource()).isEqualTo("label:topology.kubernetes.io/zone");
        awaitLabel(name, "px/zone", "c-2"); // Mooring's own label follows its source

        label(name, "px/zone", "users-zone"); // a user takes the label over
        NodeTopologyAssigned overridden = awaitAssigned(name, a -> "users-zone".equals(a.getZone()));
        assertThat(overridden.getZoneSource()).isEqualTo("label:px/zone");
        Awaitility.await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(annotations(name)).containsEntry(MANAGED, "px/region=default"));

        label(name, ZONE, "c-3"); // below the user's override: changes nothing
        awaitObserved(name, o -> "c-3".equals(o.getLabels().get(ZONE)));
        marker(name);
        assertThat(labels(name)).containsEntry("px/zone", "users-zone");
        assertThat(assigned(name)).extracting(NodeTopologyAssigned::getZone)
                .containsExactly("c-1", "c-2", "users-zone");
    }

    @Test
    void aPxEnvReportFillsAMissingLevel() {
        String name = "worker-d1";
        create(name, Map.of(REGION, "eu-west-1"), Map.of(), true);
        NodeTopologyAssigned byDefault = awaitAssigned(name, a -> true);
        assertThat(byDefault.getZone()).isEqualTo("default");
        assertThat(byDefault.getZoneSource()).isEqualTo("default");
        assertThat(byDefault.getRack()).isNull();

        api().contentType(ContentType.TEXT).body("""
                        # /etc/pwx/px_env
                        PX_ZONE=eu-west-1b
                        export PWX_RACK="rack-2"
                        PX_HTTP_PROXY=http://user:secret@proxy:3128
                        """)
                .post("/api/v1/nodes/" + name + "/px-env")
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/nodes/" + name + "/topology"))
                .body("pxEnv.PX_ZONE", equalTo("eu-west-1b"))
                .body("pxEnv.PWX_RACK", equalTo("rack-2"))
                .body("pxEnv.PX_HTTP_PROXY", equalTo(null))
                .body("ignoredKeys", equalTo(List.of("PX_HTTP_PROXY")))
                .body(not(containsString("secret")));

        NodeTopologyAssigned filled = awaitAssigned(name, a -> "eu-west-1b".equals(a.getZone()));
        assertThat(filled.getZoneSource()).isEqualTo("px_env:PX_ZONE");
        assertThat(filled.getRack()).isEqualTo("rack-2");
        assertThat(filled.getRackSource()).isEqualTo("px_env:PWX_RACK");
        assertThat(filled.getRegionSource()).isEqualTo("label:topology.kubernetes.io/region");
        awaitLabel(name, "px/zone", "eu-west-1b");
        awaitLabel(name, "px/rack", "rack-2");
        api().get("/api/v1/nodes/" + name + "/topology").then().statusCode(200)
                .body("pxEnv.PX_ZONE", equalTo("eu-west-1b"))
                .body("zone.source", equalTo("px_env:PX_ZONE"));

        // A new report replaces the old one: the rack is gone, and so is Mooring's px/rack label.
        api().contentType(ContentType.JSON).body(Map.of("PX_ZONE", "eu-west-1c"))
                .post("/api/v1/nodes/" + name + "/px-env").then().statusCode(202);
        NodeTopologyAssigned replaced = awaitAssigned(name, a -> "eu-west-1c".equals(a.getZone()));
        assertThat(replaced.getRack()).isNull();
        // Removed by a merge patch's null; the test server keeps the key with a null value, a real API server drops it.
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(labels(name)).containsEntry("px/zone", "eu-west-1c");
            assertThat(labels(name).get("px/rack")).isNull();
        });
        assertThat(annotations(name)).containsEntry(MANAGED, "px/region=eu-west-1,px/zone=eu-west-1c");
    }

    @Test
    void aBadPxEnvReportIsRefusedNamingTheKey() {
        api().contentType(ContentType.JSON).body(Map.of("PX_ZONE", "not a zone!"))
                .post("/api/v1/nodes/worker-x1/px-env")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("PX_ZONE"))
                .body("detail", containsString("PX_ZONE"));
        api().contentType(ContentType.TEXT).body("PX_ZONE=a\nthis is no assignment\n")
                .post("/api/v1/nodes/worker-x1/px-env")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("line 2"));
        api().contentType(ContentType.TEXT).body("PWX_RACK='r 1'\n")
                .post("/api/v1/nodes/worker-x1/px-env")
                .then().statusCode(400).body("errors[0].field", equalTo("PWX_RACK"));
        api().contentType(ContentType.TEXT).body("PX_ZONE=a\n")
                .post("/api/v1/nodes/Not_A_Node/px-env")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void aConflictIsReportedAsAnEventAndOverRestAndNotGuessed() {
        String name = "worker-e1";
        create(name, Map.of(REGION, "r-e", ZONE, "e-a", BETA_ZONE, "e-b"), Map.of(), true);
        String conflict = "zone: label:topology.kubernetes.io/zone=e-a vs label:failure-domain.beta.kubernetes.io/zone=e-b";

        NodeTopologyAssigned assigned = awaitAssigned(name, a -> true);
        assertThat(assigned.getZone()).isNull();
        assertThat(assigned.getZoneSource()).isNull();
        assertThat(assigned.getRegion()).isEqualTo("r-e");
        assertThat(assigned.getConflicts()).containsExactly(conflict);

        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(name)).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("TopologyConflict");
                    assertThat(e.getMessage()).contains(conflict);
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
                }));
        awaitLabel(name, "px/region", "r-e");
        assertThat(labels(name)).doesNotContainKey("px/zone"); // nothing guessed, nothing written
        api().get("/api/v1/nodes/" + name + "/topology").then().statusCode(200)
                .body("zone.value", equalTo(null))
                .body("conflicts", equalTo(List.of(conflict)));
        JsonPath tree = api().get("/api/v1/topology").then().statusCode(200).extract().jsonPath();
        assertThat(tree.getList("conflicts.findAll { it.node == '" + name + "' }.conflict", String.class))
                .containsExactly(conflict);

        label(name, "px/zone", "e-a"); // the user decides
        NodeTopologyAssigned resolved = awaitAssigned(name, a -> "e-a".equals(a.getZone()));
        assertThat(resolved.getZoneSource()).isEqualTo("label:px/zone");
        assertThat(resolved.getConflicts()).isEmpty();
        assertThat(events(name)).hasSize(1);

        patch(name, "{\"metadata\":{\"labels\":{\"px/zone\":null}}}"); // the user's override goes: conflict again
        awaitAssigned(name, a -> a.getConflicts().contains(conflict) && a.getZone() == null);
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(name)).singleElement()
                .satisfies(e -> assertThat(e.getLastTimestamp()).isNotNull()));
    }

    @Test
    void theTopologyTreeShowsRegionsZonesRacksAndSources() {
        // tree-3's agent reports before Kubernetes shows the node: the report waits for it.
        api().contentType(ContentType.TEXT).body("PX_ZONE=tree-z2\n")
                .post("/api/v1/nodes/tree-3/px-env").then().statusCode(202);
        api().get("/api/v1/nodes/tree-3/topology").then().statusCode(404)
                .body("detail", containsString("px_env report is kept"));

        create("tree-1", Map.of("px/region", "tree-region", ZONE, "tree-z1"), Map.of(), true);
        create("tree-2", Map.of("px/region", "tree-region", ZONE, "tree-z1", "px/rack", "k1"), Map.of(), false);
        create("tree-3", Map.of("px/region", "tree-region"), Map.of(), true);

        String region = "regions.find { it.name == 'tree-region' }";
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
            JsonPath tree = api().get("/api/v1/topology").then().statusCode(200).extract().jsonPath();
            assertThat(tree.getList(region + ".zones.name", String.class)).containsExactly("tree-z1", "tree-z2");
        });
        JsonPath tree = api().get("/api/v1/topology").then().statusCode(200).extract().jsonPath();
        assertThat(tree.getList(region + ".sources", String.class)).containsExactly("label:px/region");
        String z1 = region + ".zones.find { it.name == 'tree-z1' }";
        assertThat(tree.getList(z1 + ".sources", String.class)).containsExactly("label:topology.kubernetes.io/zone");
        assertThat(tree.getList(z1 + ".racks.name", String.class)).containsExactly("k1", null);
        assertThat(tree.getList(z1 + ".racks[0].nodes.name", String.class)).containsExactly("tree-2");
        assertThat(tree.getString(z1 + ".racks[0].nodes[0].sources.rack")).isEqualTo("label:px/rack");
        assertThat(tree.getBoolean(z1 + ".racks[0].nodes[0].ready")).isFalse();
        assertThat(tree.getList(z1 + ".racks[1].nodes.name", String.class)).containsExactly("tree-1");
        String z2 = region + ".zones.find { it.name == 'tree-z2' }";
        assertThat(tree.getList(z2 + ".sources", String.class)).containsExactly("px_env:PX_ZONE");
        assertThat(tree.getList(z2 + ".racks[0].nodes.name", String.class)).containsExactly("tree-3");
        assertThat(tree.getString(z2 + ".racks[0].nodes[0].sources.zone")).isEqualTo("px_env:PX_ZONE");
    }

    @Test
    void readinessInitiatorsAndRemovalAreObserved() {
        String name = "worker-f1";
        create(name, Map.of(ZONE, "f-1"), Map.of(), false);
        awaitObserved(name, o -> !o.getReady());

        kubernetes.nodes().withName(name).editStatus(n -> new NodeBuilder(n).editStatus()
                .withConditions(List.of()).addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build());
        awaitObserved(name, NodeObserved::getReady);

        patch(name, "{\"metadata\":{\"annotations\":{\"mooring.dev/iscsi-iqn\":\"iqn.2024-01.dev.mooring:f1\","
                + "\"mooring.dev/fc-wwns\":\"10:00:00:00:c9:12:34:56\"}}}");
        NodeObserved initiators = awaitObserved(name, o -> !o.getIscsiIqns().isEmpty());
        assertThat(initiators.getIscsiIqns()).containsExactly("iqn.2024-01.dev.mooring:f1");
        assertThat(initiators.getFcWwns()).containsExactly("10:00:00:00:c9:12:34:56");

        kubernetes.nodes().withName(name).delete();
        NodeObserved removed = awaitObserved(name, NodeObserved::getRemoved);
        assertThat(removed.getReady()).isFalse();
        api().get("/api/v1/nodes/" + name + "/topology").then().statusCode(404);
        assertThat(api().get("/api/v1/topology").then().statusCode(200).extract().jsonPath()
                .getList("regions.zones.racks.nodes.name.flatten()", String.class)).doesNotContain(name);

        // Back again: announced anew, topology included.
        create(name, Map.of(ZONE, "f-1"), Map.of(), true);
        awaitObserved(name, o -> !o.getRemoved() && o.getReady());
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(assigned(name)).hasSize(2));
    }

    // --- helpers -------------------------------------------------------------------------------

    private void create(String name, Map<String, String> labels, Map<String, String> annotations, boolean ready) {
        Node node = new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
        kubernetes.nodes().resource(node).create();
    }

    private void label(String name, String key, String value) {
        patch(name, "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}");
    }

    private void patch(String name, String mergePatch) {
        kubernetes.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    /** A change of the node after which everything the service emitted before has been read (per-key order). */
    private void marker(String name) {
        String value = "m" + System.nanoTime();
        label(name, "test-marker", value);
        awaitObserved(name, o -> value.equals(o.getLabels().get("test-marker")));
    }

    private Map<String, String> labels(String name) {
        Map<String, String> labels = kubernetes.nodes().withName(name).get().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private Map<String, String> annotations(String name) {
        Map<String, String> annotations = kubernetes.nodes().withName(name).get().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private void awaitLabel(String name, String key, String value) {
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(labels(name)).containsEntry(key, value));
    }

    private List<Event> events(String node) {
        return kubernetes.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName()))
                .filter(e -> "TopologyConflict".equals(e.getReason()))
                .toList();
    }

    private List<NodeTopologyAssigned> assigned(String node) {
        return events(NodeTopologyAssigned.class, node);
    }

    private List<NodeObserved> observed(String node) {
        return events(NodeObserved.class, node);
    }

    private NodeTopologyAssigned awaitAssigned(String node, Predicate<NodeTopologyAssigned> match) {
        return awaitEvent(NodeTopologyAssigned.class, node, match);
    }

    private NodeObserved awaitObserved(String node, Predicate<NodeObserved> match) {
        return awaitEvent(NodeObserved.class, node, match);
    }

    private <T extends SpecificRecord> T awaitEvent(Class<T> type, String node, Predicate<T> match) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> events(type, node).stream().anyMatch(match));
        return events(type, node).stream().filter(match).findFirst().orElseThrow();
    }

    /** The events of one type about one node read so far, in the order published. */
    private <T extends SpecificRecord> List<T> events(Class<T> type, String node) {
        List<T> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topic.records()) {
            if (!node.equals(record.key())) {
                continue;
            }
            SpecificRecord event = EventCodec.instance().decode(record.value());
            if (type.isInstance(event)) {
                found.add(type.cast(event));
            }
        }
        return found;
    }

    private static RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }
}
