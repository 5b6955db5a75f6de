package dev.mooring.provisioner.rest;

import static dev.mooring.provisioner.PoolFixtures.PoolSpec.online;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.api;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.PoolVolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.ProvisionerTestResources;
import dev.mooring.provisioner.service.PoolCapacityChanged;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user asks over REST for a volume without a backend: its replicas are carved from the storage pools, placed
 * by topology, and the volume says where and why — or, when no placement fits, fails with the reason and is
 * placed as soon as capacity appears.
 */
@QuarkusTest
@ProvisionerTestResources
class PoolVolumeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Event<PoolCapacityChanged> capacity;

    private TopicReader volumes;

    @BeforeEach
    void noPools() {
        PoolFixtures.clear();
        volumes = new TopicReader(KafkaBroker.shared(), "mooring.volumes");
    }

    @AfterEach
    void close() {
        volumes.close();
    }

    @Test
    void twoReplicasLandInDifferentZonesOnDifferentArraysAndTheVolumeSaysWhy() {
        // zone-a has the two roomiest pools, both on array-a; zone-b's pool is smaller, on array-b.
        PoolFixtures.add(online("pool-1", "node-1", "zone-a", 100, "array-a"));
        PoolFixtures.add(online("pool-2", "node-2", "zone-a", 200, "array-a"));
        PoolFixtures.add(online("pool-3", "node-3", "zone-b", 50, "array-b"));

        String location = api().body(Map.of("name", "replicated", "size", "10Gi", "parameters", Map.of("repl", 2)))
                .post("/api/v1/volumes").then().statusCode(202)
                .body("backend", equalTo("pool")).body("repl", equalTo(2)).extract().header("Location");

        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("replicas.pool", String.class)).containsExactly("pool-2", "pool-3");
        assertThat(ready.getList("replicas.node", String.class)).containsExactly("node-2", "node-3");
        assertThat(ready.getList("replicas.zone", String.class)).containsExactly("zone-a", "zone-b");
        assertThat(ready.getList("replicas.arrays", List.class)).containsExactly(List.of("array-a"), List.of("array-b"));
        assertThat(ready.getList("placement", String.class))
                .contains("placed 2 replicas of 10Gi in zones zone-a, zone-b on arrays array-a, array-b "
                        + "(3 of 3 Online pools eligible)")
                .contains("pool pool-1 (node node-1): not chosen: its array(s) array-a hold replica 1; replicas go "
                        + "to different arrays");
        assertThat(PoolFixtures.replicaPools(ready.getString("id"))).containsExactly("pool-2", "pool-3");

        PoolVolumeProvisioned event = (PoolVolumeProvisioned) await(PoolVolumeProvisioned.class, ready.getString("id"));
        assertThat(event.getRepl()).isEqualTo(2);
        assertThat(event.getReplicas()).extracting(r -> r.getNodeName() + "/" + r.getZone() + "/" + r.getArrays())
                .containsExactly("node-2/zone-a/[array-a]", "node-3/zone-b/[array-b]");
        assertThat(event.getPlacement()).isEqualTo(ready.getList("placement", String.class));

        // node-3 dies and its pool moves to node-9 in a takeover: the replica is where its pool is.
        PoolFixtures.move("pool-3", "node-9");
        assertThat(api().get(location).then().extract().jsonPath().getList("replicas.node", String.class))
                .containsExactly("node-2", "node-9");
    }

    @Test
    void aVolumeThatCannotBePlacedFailsWithTheReasonAndIsPlacedWhenAPoolComesOnline() {
        PoolFixtures.add(online("pool-1", "node-1", "zone-a", 100, "array-a"));
        PoolFixtures.add(online("pool-2", "node-2", "zone-b", 5, "array-b")); // too small for 10Gi

        String location = api().body(Map.of("name", "waits-for-room", "size", "10Gi",
                        "parameters", Map.of("repl", "2")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath failed = awaitState(location, "Failed");
        assertThat(failed.getString("failure.reason")).isEqualTo("PlacementImpossible");
        assertThat(failed.getBoolean("failure.retryable")).isTrue();
        assertThat(failed.getString("failure.message")).contains("2 replicas need pools on 2 different nodes")
                .contains("excluded: 1 by free space");
        assertThat(failed.getList("placement", String.class))
                .contains("pool pool-2 (node node-2): excluded: not enough free space: 5Gi free, the replica needs 10Gi");
        VolumeProvisioningFailed failure = (VolumeProvisioningFailed) await(VolumeProvisioningFailed.class,
                failed.getString("id"));
        assertThat(failure.getFailure().getReason()).isEqualTo("PlacementImpossible");

        // A new storage node's pool comes online: the pools part of the service says so.
        PoolFixtures.add(online("pool-3", "node-3", "zone-b", 80, "array-b"));
        capacity.fireAsync(new PoolCapacityChanged("pool-3"));

        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("replicas.pool", String.class)).containsExactly("pool-1", "pool-3");
        assertThat((Object) ready.get("failure")).isNull();
        await(PoolVolumeProvisioned.class, ready.getString("id"));
    }

    @Test
    void aDeletedPoolVolumeGivesItsSpaceBack() {
        PoolFixtures.add(online("pool-1", "node-1", "zone-a", 15, "array-a"));
        String first = api().body(Map.of("name", "fills-the-pool", "size", "10Gi", "parameters", Map.of()))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        String id = awaitState(first, "Ready").getString("id");

        api().delete(first).then().statusCode(202);
        awaitState(first, "Deleted");

        assertThat(PoolFixtures.replicaPools(id)).isEmpty();
        String second = api().body(Map.of("name", "takes-the-space", "size", "10Gi", "parameters", Map.of()))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        assertThat(awaitState(second, "Ready").getList("replicas.pool", String.class)).containsExactly("pool-1");
    }

    @Test
    void twoVolumesPlacedAtOnceNeverCountTheSameFreeSpace() throws Exception {
        PoolFixtures.add(online("pool-1", "node-1", "zone-a", 15, "array-a"));

        // Both requests are in flight together: only one 10Gi replica fits in the 15Gi pool.
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<String>> posted = two.invokeAll(List.of(
                () -> api().body(Map.of("name", "racer-1", "size", "10Gi", "parameters", Map.of()))
                        .post("/api/v1/volumes").then().statusCode(202).extract().header("Location"),
                () -> api().body(Map.of("name", "racer-2", "size", "10Gi", "parameters", Map.of()))
                        .post("/api/v1/volumes").then().statusCode(202).extract().header("Location")));
        two.shutdown();
        List<String> locations = List.of(posted.get(0).get(), posted.get(1).get());

        org.awaitility.Awaitility.await().atMost(DEADLINE).until(() -> locations.stream()
                .map(l -> api().get(l).then().extract().<String>path("state"))
                .filter(state -> state.equals("Ready") || state.equals("Failed")).count() == 2);
        List<String> states = locations.stream().map(l -> api().get(l).then().extract().<String>path("state"))
                .sorted().toList();
        assertThat(states).containsExactly("Failed", "Ready");
        // Gone, so the one that waits for room does not take it from the tests that follow.
        locations.forEach(l -> api().delete(l).then().statusCode(202));
        locations.forEach(l -> awaitState(l, "Deleted"));
    }

    @Test
    void badReplicaParametersAreRefusedNamingTheParameter() {
        api().body(Map.of("name", "x", "size", "1Gi", "parameters", Map.of("repl", 5)))
                .post("/api/v1/volumes").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("parameters.repl"))
                .body("errors[0].reason", equalTo("must be 1, 2 or 3 (replicas, each in another pool), got 5"));
        api().body(Map.of("name", "x", "size", "1Gi", "parameters", Map.of("zones", " ")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters.zones"));
    }

    private SpecificRecord await(Class<? extends SpecificRecord> type, String volumeId) {
        return volumes.await(r -> volumeId.equals(r.key()) && type.isInstance(decode(r.value())), 1, DEADLINE)
                .stream().map(r -> decode(r.value())).filter(type::isInstance).findFirst().orElseThrow();
    }

    private static SpecificRecord decode(byte[] value) {
        return EventCodec.instance().decode(value);
    }
}
