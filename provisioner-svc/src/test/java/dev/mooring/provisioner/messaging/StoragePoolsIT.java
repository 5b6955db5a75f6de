package dev.mooring.provisioner.messaging;

import dev.mooring.provisioner.PoolArraysResource;
import dev.mooring.provisioner.PoolTestResources;
import dev.mooring.provisioner.service.PoolCapacityObserver;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.ArrayPath;
import dev.mooring.events.DeviceIdentity;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.Failure;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.events.pools.PoolExpanded;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.events.pools.PoolProvisioningFailed;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes get their storage role when topology-svc assigns their topology; storage nodes get their drives on
 * the simulated arrays that serve their zone, and an online pool once attach-svc (played by the test) reports
 * the drives attached; a pool filled past its threshold grows once; an array without room fails the pool
 * once; a takeover moves the pool and the storage identity once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@PoolTestResources
class StoragePoolsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long GIB = PoolArraysResource.GIB;
    private static boolean cleaned;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    PoolCapacityObserver capacity;

    private TopicReader nodes;
    private TopicReader pools;
    private EventSender sender;
    private String region;

    @BeforeEach
    void freshRegion() throws Throwable {
        if (!cleaned) {
            // The test database outlives a run: start without pools of earlier runs, so arrays' room is equal.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("TRUNCATE volume_replica, drive, pool, storage_node, pool_takeover")
                            .executeUpdate())));
            cleaned = true;
        }
        // Zones are counted per region: each test has its own, so tests never share a zone's storage places.
        region = "r-" + UUID.randomUUID().toString().substring(0, 8);
        nodes = new TopicReader(KafkaBroker.shared(), "mooring.nodes");
        pools = new TopicReader(KafkaBroker.shared(), "mooring.pools");
        sender = new EventSender();
    }

    @AfterEach
    void close() {
        nodes.close();
        pools.close();
        sender.close();
    }

    @Test
    void aZoneOfThreeNodesWithAtMostTwoGetsTwoStorageNodesWithDrivesAndOnlinePoolsAndOneStorageless() {
        List<String> names = List.of(node("east"), node("east"), node("east"));
        names.forEach(name -> topology(name, "east-1"));

        List<NodeStorageRoleAssigned> roles = awaitEvents(nodes, NodeStorageRoleAssigned.class,
                r -> names.contains(r.getNodeName()), 3);
        assertThat(roles).extracting(NodeStorageRoleAssigned::getRole)
                .containsExactlyInAnyOrder("storage", "storage", "storageless");
        NodeStorageRoleAssigned storageless = roles.stream().filter(r -> r.getRole().equals("storageless"))
                .findFirst().orElseThrow();
        assertThat(storageless.getPoolId()).isNull();
        assertThat(storageless.getReason()).contains("already has 2 of at most 2 storage nodes");
        List<String> storageNodes = roles.stream().filter(r -> r.getRole().equals("storage"))
                .map(NodeStorageRoleAssigned::getNodeName).toList();

        // Two drives per storage node, one on each array of the zone (equal room), never on another zone's array.
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class,
                d -> storageNodes.contains(d.getNodeName()), 4);
        for (String node : storageNodes) {
            List<DriveProvisioned> own = drives.stream().filter(d -> d.getNodeName().equals(node)).toList();
            assertThat(own).extracting(DriveProvisioned::getArray).containsExactlyInAnyOrder("array-a", "array-b");
            assertThat(own).allSatisfy(d -> {
                assertThat(d.getPurpose()).isEqualTo("initial");
                assertThat(d.getSizeBytes()).isEqualTo(150 * GIB);
                Volume onArray = sim().fleet().volume(d.getArray(), d.getDriveName());
                assertThat(onArray).as("drive %s on %s", d.getDriveName(), d.getArray()).isNotNull();
                assertThat(onArray.provisioned()).isEqualTo(150 * GIB);
                assertThat(onArray.serial()).isEqualTo(d.getSerial());
            });
        }
        assertThat(drivesOnArraysOf(storageless.getNodeName())).isEmpty();

        // attach-svc connects them; when the last of a node's drives is attached, its pool is online.
        drives.forEach(this::attached);
        List<PoolOnline> online = awaitEvents(pools, PoolOnline.class, p -> storageNodes.contains(p.getNodeName()), 2);
        assertThat(online).allSatisfy(p -> {
            assertThat(p.getCapacityBytes()).isEqualTo(300 * GIB);
            assertThat(p.getDrives()).hasSize(2);
            assertThat(p.getZone()).isEqualTo("east-1");
            assertThat(p.getRegion()).isEqualTo(region);
        });

        online.forEach(p -> Awaitility.await().atMost(DEADLINE).until(() -> capacity.count(p.getPoolId()) == 1));

        JsonPath pool = api().get("/api/v1/pools/" + online.get(0).getPoolId()).then().statusCode(200).extract().jsonPath();
        assertThat(pool.getString("state")).isEqualTo("Online");
        assertThat(pool.getString("node")).isEqualTo(online.get(0).getNodeName());
        assertThat(pool.getString("zone")).isEqualTo("east-1");
        assertThat(pool.getLong("capacityBytes")).isEqualTo(300 * GIB);
        assertThat(pool.getList("drives.array", String.class)).containsExactlyInAnyOrder("array-a", "array-b");
        assertThat(pool.getList("drives.attached", Boolean.class)).containsOnly(true);
        JsonPath roleList = api().get("/api/v1/storage-nodes").then().statusCode(200).extract().jsonPath();
        assertThat(roleList.getString("nodes.find { it.node == '" + storageless.getNodeName() + "' }.role"))
                .isEqualTo("storageless");
        api().get("/api/v1/pools/pool-nobody").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aPoolFilledPastItsThresholdGrowsItsDrivesExactlyOnce() {
        String node = node("west");
        topology(node, "west-1");
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node), 2);
        assertThat(drives).extracting(DriveProvisioned::getArray).containsOnly("array-c");
        drives.forEach(this::attached);
        PoolOnline online = awaitEvents(pools, PoolOnline.class, p -> p.getNodeName().equals(node), 1).get(0);

        // 260 of 300 GiB written: past 80 %.
        drives.forEach(d -> sim().admin().setWrittenBytes(d.getArray(), d.getDriveName(), 130 * GIB));

        PoolExpanded expanded = awaitEvents(pools, PoolExpanded.class, p -> p.getNodeName().equals(node), 1).get(0);
        assertThat(expanded.getMode()).isEqualTo("grow");
        assertThat(expanded.getPreviousCapacityBytes()).isEqualTo(300 * GIB);
        assertThat(expanded.getCapacityBytes()).isEqualTo(450 * GIB);
        assertThat(expanded.getUsedBytes()).isEqualTo(260 * GIB);
        List<DriveResized> resized = awaitEvents(pools, DriveResized.class, r -> r.getNodeName().equals(node), 2);
        assertThat(resized).allSatisfy(r -> {
            assertThat(r.getPreviousSizeBytes()).isEqualTo(150 * GIB);
            assertThat(r.getSizeBytes()).isEqualTo(225 * GIB);
            assertThat(sim().fleet().volume(r.getArray(), r.getDriveName()).provisioned()).isEqualTo(225 * GIB);
        });

        // Many checks later: still one expansion (260 of 450 GiB is below the threshold; nothing to do).
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                events(pools, PoolExpanded.class, p -> p.getNodeName().equals(node)).size() == 1
                        && events(pools, DriveResized.class, r -> r.getNodeName().equals(node)).size() == 2);
        assertThat(capacity.count(online.getPoolId())).as("online, then expanded").isEqualTo(2);
        JsonPath pool = api().get("/api/v1/pools/" + online.getPoolId()).then().statusCode(200).extract().jsonPath();
        assertThat(pool.getLong("capacityBytes")).isEqualTo(450 * GIB);
        assertThat(pool.getLong("usedBytes")).isEqualTo(260 * GIB);
        assertThat(pool.getList("drives.sizeBytes", Long.class)).containsOnly(225 * GIB);
    }

    @Test
    void aZoneWhoseArrayHasNoRoomFailsThePoolOnceWithTheReason() {
        String node = node("tiny");
        topology(node, "tiny-1");

        PoolProvisioningFailed failed = awaitEvents(pools, PoolProvisioningFailed.class,
                f -> f.getNodeName().equals(node), 1).get(0);
        assertThat(failed.getFailure().getReason()).isEqualTo("ArrayOutOfSpace");
        assertThat(failed.getFailure().getMessage()).contains("zone tiny-1", "150 GiB", "array-tiny");
        assertThat(failed.getFailure().getRetryable()).isFalse();
        assertThat(drivesOnArraysOf(node)).isEmpty();

        // No retry loop: the checks that follow leave the failed pool alone.
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                events(pools, PoolProvisioningFailed.class, f -> f.getNodeName().equals(node)).size() == 1
                        && events(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node)).isEmpty());
        JsonPath pool = api().get("/api/v1/pools/" + failed.getPoolId()).then().statusCode(200).extract().jsonPath();
        assertThat(pool.getString("state")).isEqualTo("Failed");
        assertThat(pool.getString("failureReason")).isEqualTo("ArrayOutOfSpace");
    }

    @Test
    void drivesMovedTransfersThePoolAndTheIdentityOnceEvenWhenRedelivered() {
        List<String> names = List.of(node("west"), node("west"), node("west"));
        names.forEach(name -> topology(name, "west-1"));
        List<NodeStorageRoleAssigned> roles = awaitEvents(nodes, NodeStorageRoleAssigned.class,
                r -> names.contains(r.getNodeName()), 3);
        NodeStorageRoleAssigned failedNode = roles.stream().filter(r -> r.getRole().equals("storage")).findFirst()
                .orElseThrow();
        String replacement = roles.stream().filter(r -> r.getRole().equals("storageless")).findFirst().orElseThrow()
                .getNodeName();
        String failed = failedNode.getNodeName();
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(failed), 2);
        drives.forEach(this::attached);
        awaitEvents(pools, PoolOnline.class, p -> p.getNodeName().equals(failed), 1);

        // attach-svc fences the failed node: its drives' connections are removed.
        drives.forEach(d -> sender.send("mooring.pools", DriveDetached.newBuilder().setEnvelope(envelope(failed))
                .setNodeName(failed).setPoolId(d.getPoolId()).setDriveName(d.getDriveName()).setArray(d.getArray())
                .setHost("mooring-" + failed).setReason("Fenced").build()));
        Awaitility.await().atMost(DEADLINE).until(() -> api().get("/api/v1/pools/" + failedNode.getPoolId()).then()
                .extract().jsonPath().getList("drives.detachedReason", String.class).equals(List.of("Fenced", "Fenced")));

        String takeoverId = UUID.randomUUID().toString();
        DrivesMoved moved = DrivesMoved.newBuilder().setEnvelope(envelope(failed)).setTakeoverId(takeoverId)
                .setFailedNode(failed).setReplacementNode(replacement).build();
        sender.send("mooring.nodes", moved);
        sender.send("mooring.nodes", moved); // redelivered
        sender.send("mooring.nodes", DrivesMoved.newBuilder().setEnvelope(envelope(failed)).setTakeoverId(takeoverId)
                .setFailedNode(failed).setReplacementNode(replacement).build()); // sent again under another id

        NodeIdentityTransferred transferred = awaitEvents(nodes, NodeIdentityTransferred.class,
                t -> t.getTakeoverId().equals(takeoverId), 1).get(0);
        assertThat(transferred.getFailedNode()).isEqualTo(failed);
        assertThat(transferred.getReplacementNode()).isEqualTo(replacement);
        assertThat(transferred.getPoolId()).isEqualTo(failedNode.getPoolId());
        List<NodeStorageRoleAssigned> after = awaitEvents(nodes, NodeStorageRoleAssigned.class,
                r -> r.getReason().contains(takeoverId), 2);
        assertThat(after).extracting(r -> r.getNodeName() + "=" + r.getRole())
                .containsExactlyInAnyOrder(failed + "=storageless", replacement + "=storage");
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                events(nodes, NodeIdentityTransferred.class, t -> t.getTakeoverId().equals(takeoverId)).size() == 1
                        && events(nodes, NodeStorageRoleAssigned.class, r -> r.getReason().contains(takeoverId)).size() == 2);

        JsonPath pool = api().get("/api/v1/pools/" + failedNode.getPoolId()).then().statusCode(200).extract().jsonPath();
        assertThat(pool.getString("node")).isEqualTo(replacement);
        assertThat(pool.getString("originNode")).isEqualTo(failed);
        assertThat(pool.getString("state")).isEqualTo("Online");
        assertThat(pool.getList("drives.attached", Boolean.class)).containsOnly(true);
        Awaitility.await().atMost(DEADLINE).until(() -> capacity.count(failedNode.getPoolId()) == 2); // online, moved
        JsonPath roleList = api().get("/api/v1/storage-nodes").then().statusCode(200).extract().jsonPath();
        assertThat(roleList.getString("nodes.find { it.node == '" + failed + "' }.role")).isEqualTo("storageless");
        assertThat(roleList.getString("nodes.find { it.node == '" + replacement + "' }.role")).isEqualTo("storage");
        assertThat(roleList.getString("nodes.find { it.node == '" + replacement + "' }.poolId"))
                .isEqualTo(failedNode.getPoolId());
    }

    @Test
    void theStorageConfigMapOverridesConfigurationAndABadVersionIsRefusedKeepingTheLastGood() {
        String namespace = kubernetes.getNamespace() == null ? "default" : kubernetes.getNamespace();
        JsonPath initial = api().get("/api/v1/storage/config").then().statusCode(200).extract().jsonPath();
        assertThat(initial.getString("source")).isEqualTo("config");
        assertThat(initial.getString("settings.driveSpecs")).isEqualTo("size=150,size=150");
        assertThat(initial.getInt("settings.maxStorageNodesPerZone")).isEqualTo(2);
        try {
            putConfigMap(namespace, Map.of("maxStorageNodesPerZone", "1", "expansionThresholdPercent", "70"));
            Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
                JsonPath shown = api().get("/api/v1/storage/config").then().extract().jsonPath();
                assertThat(shown.getString("source")).isEqualTo("configmap:" + namespace + "/mooring-storage");
                assertThat(shown.getInt("settings.maxStorageNodesPerZone")).isEqualTo(1);
                assertThat(shown.getInt("settings.expansionThresholdPercent")).isEqualTo(70);
                assertThat(shown.getString("settings.driveSpecs")).isEqualTo("size=150,size=150");
            });

            // A zone of two nodes now gets one storage node.
            List<String> names = List.of(node("cm"), node("cm"));
            names.forEach(name -> topology(name, "west-1"));
            assertThat(awaitEvents(nodes, NodeStorageRoleAssigned.class, r -> names.contains(r.getNodeName()), 2))
                    .extracting(NodeStorageRoleAssigned::getRole).containsExactlyInAnyOrder("storage", "storageless");

            putConfigMap(namespace, Map.of("maxStorageNodesPerZone", "1", "expansionMode", "shrink"));
            Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
                JsonPath shown = api().get("/api/v1/storage/config").then().extract().jsonPath();
                assertThat(shown.getString("rejected.configMap")).isEqualTo(namespace + "/mooring-storage");
                assertThat(shown.getString("rejected.problems[0].key")).isEqualTo("expansionMode");
                assertThat(shown.getString("rejected.problems[0].reason")).contains("'shrink' is not a mode");
                assertThat(shown.getInt("settings.expansionThresholdPercent")).isEqualTo(70);
                assertThat(shown.getString("settings.expansionMode")).isEqualTo("grow");
            });
        } finally {
            kubernetes.configMaps().inNamespace(namespace).withName("mooring-storage").delete();
        }
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
            JsonPath shown = api().get("/api/v1/storage/config").then().extract().jsonPath();
            assertThat(shown.getString("source")).isEqualTo("config");
            assertThat(shown.getInt("settings.maxStorageNodesPerZone")).isEqualTo(2);
            assertThat(shown.getString("rejected")).isNull();
        });
    }

    @Test
    void atMaxDriveSizeThePoolAddsADriveAndAtMaxDrivesTheExpansionIsBlockedOncePerCrossing() {
        String namespace = kubernetes.getNamespace() == null ? "default" : kubernetes.getNamespace();
        String node = node("west");
        topology(node, "west-1");
        List<DriveProvisioned> initial = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node), 2);
        initial.forEach(this::attached);
        PoolOnline online = awaitEvents(pools, PoolOnline.class, p -> p.getNodeName().equals(node), 1).get(0);
        try {
            // Drives may not grow past their 150 GiB, and a pool may have three.
            putConfigMap(namespace, Map.of("maxDriveSizeGiB", "150", "maxDrivesPerNode", "3"));
            Awaitility.await().atMost(DEADLINE).until(() -> api().get("/api/v1/storage/config").then().extract()
                    .jsonPath().getInt("settings.maxDrivesPerNode") == 3);

            initial.forEach(d -> sim().admin().setWrittenBytes(d.getArray(), d.getDriveName(), 130 * GIB));

            DriveProvisioned added = awaitEvents(pools, DriveProvisioned.class,
                    d -> d.getNodeName().equals(node) && d.getPurpose().equals("expansion"), 1).get(0);
            assertThat(added.getSizeBytes()).isEqualTo(150 * GIB);
            assertThat(added.getArray()).isEqualTo("array-c");
            assertThat(sim().fleet().volume("array-c", added.getDriveName())).isNotNull();
            attached(added);
            PoolExpanded expanded = awaitEvents(pools, PoolExpanded.class, p -> p.getNodeName().equals(node), 1).get(0);
            assertThat(expanded.getMode()).isEqualTo("add");
            assertThat(expanded.getPreviousCapacityBytes()).isEqualTo(300 * GIB);
            assertThat(expanded.getCapacityBytes()).isEqualTo(450 * GIB);
            assertThat(expanded.getDrives()).containsExactly(added.getDriveName());

            // Below the threshold again (260 of 450 GiB); then past it with every limit reached.
            Awaitility.await().atMost(DEADLINE).until(() -> !api().get("/api/v1/pools/" + online.getPoolId()).then()
                    .extract().jsonPath().getBoolean("overThreshold"));
            sim().admin().setWrittenBytes("array-c", added.getDriveName(), 110 * GIB);
            PoolExpansionBlocked blocked = awaitEvents(pools, PoolExpansionBlocked.class,
                    b -> b.getNodeName().equals(node), 1).get(0);
            assertThat(blocked.getFailure().getReason()).isEqualTo("PoolAtLimits");
            assertThat(blocked.getFailure().getMessage()).contains("maxDriveSizeGiB (150 GiB)", "maxDrivesPerNode is 3");
            assertThat(blocked.getUsedBytes()).isEqualTo(370 * GIB);
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    events(pools, PoolExpansionBlocked.class, b -> b.getNodeName().equals(node)).size() == 1
                            && events(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node)).size() == 3);
        } finally {
            kubernetes.configMaps().inNamespace(namespace).withName("mooring-storage").delete();
            Awaitility.await().atMost(DEADLINE).until(() -> "config".equals(api().get("/api/v1/storage/config")
                    .then().extract().jsonPath().getString("source")));
        }
    }

    @Test
    void aDriveWhoseCreationAnswerIsLostIsFoundOnTheArrayNotMadeTwice() {
        String node = node("west");
        // The array creates the volume, then answers 503: the creation "may have happened".
        String fault = sim().admin().addFault(dev.mooring.flasharray.sim.admin.FaultSpec
                .error("POST", "volumes", 503, 1).onArray("array-c").after());
        try {
            topology(node, "west-1");
            List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class,
                    d -> d.getNodeName().equals(node), 2);
            assertThat(drives).extracting(DriveProvisioned::getDriveName).doesNotHaveDuplicates();
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    events(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node)).size() == 2);
            assertThat(drivesOnArraysOf(node)).containsExactlyInAnyOrderElementsOf(
                    drives.stream().map(DriveProvisioned::getDriveName).toList());
        } finally {
            sim().admin().removeFault(fault);
        }
    }

    @Test
    void anArrayThatDoesNotAnswerDelaysTheDrivesAndTheyAreMadeOnceWhenItDoes() {
        String node = node("west");
        String fault = sim().admin().addFault(dev.mooring.flasharray.sim.admin.FaultSpec
                .error("POST", "volumes", 503, null).onArray("array-c"));
        try {
            topology(node, "west-1");
            String poolId = awaitEvents(nodes, NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(node), 1)
                    .get(0).getPoolId();
            // Planned (names and array recorded) but not made while the array refuses to answer.
            Awaitility.await().atMost(DEADLINE).until(() -> api().get("/api/v1/pools/" + poolId).then().extract()
                    .jsonPath().getList("drives.provisioned", Boolean.class).equals(List.of(false, false)));
            assertThat(drivesOnArraysOf(node)).isEmpty();
            assertThat(events(pools, PoolProvisioningFailed.class, f -> f.getNodeName().equals(node))).isEmpty();
        } finally {
            sim().admin().removeFault(fault);
        }
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node), 2);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                events(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node)).size() == 2);
        assertThat(drivesOnArraysOf(node)).containsExactlyInAnyOrderElementsOf(
                drives.stream().map(DriveProvisioned::getDriveName).toList());
    }

    @Test
    void replicasAllocatedFromAPoolCountAsItsUse() throws Throwable {
        String node = node("west");
        topology(node, "west-1");
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node), 2);
        drives.forEach(this::attached);
        PoolOnline online = awaitEvents(pools, PoolOnline.class, p -> p.getNodeName().equals(node), 1).get(0);

        // The placement side allocates 250 of the pool's 300 GiB to replicas (nothing written yet).
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(session ->
                session.createNativeQuery("INSERT INTO volume_replica (volume_id, replica_index, pool_id, node_name,"
                                + " size_bytes) VALUES (:v, 0, :p, :n, :s)")
                        .setParameter("v", UUID.randomUUID().toString()).setParameter("p", online.getPoolId())
                        .setParameter("n", node).setParameter("s", 250 * GIB).executeUpdate())));

        PoolExpanded expanded = awaitEvents(pools, PoolExpanded.class, p -> p.getNodeName().equals(node), 1).get(0);
        assertThat(expanded.getUsedBytes()).isEqualTo(250 * GIB);
        assertThat(expanded.getCapacityBytes()).isEqualTo(450 * GIB);
    }

    @Test
    void aDriveThatCouldNotBeAttachedKeepsThePoolProvisioningAndSaysWhy() {
        String node = node("west");
        topology(node, "west-1");
        List<DriveProvisioned> drives = awaitEvents(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node), 2);
        DriveProvisioned first = drives.get(0);
        sender.send("mooring.pools", DriveAttachFailed.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setPoolId(first.getPoolId()).setDriveName(first.getDriveName()).setArray(first.getArray())
                .setFailure(Failure.newBuilder().setReason("InitiatorsUnknown")
                        .setMessage("node " + node + " has no iSCSI IQN or FC WWN yet").setRetryable(true).build())
                .build());
        attached(drives.get(1));

        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
            JsonPath pool = api().get("/api/v1/pools/" + first.getPoolId()).then().extract().jsonPath();
            assertThat(pool.getString("state")).isEqualTo("Provisioning");
            assertThat(pool.getString("drives.find { it.name == '" + first.getDriveName() + "' }.attachFailure"))
                    .isEqualTo("InitiatorsUnknown: node " + node + " has no iSCSI IQN or FC WWN yet");
            assertThat(pool.getList("drives.attached", Boolean.class)).containsExactlyInAnyOrder(false, true);
        });
        assertThat(events(pools, PoolOnline.class, p -> p.getNodeName().equals(node))).isEmpty();

        attached(first); // attach-svc retried once the node's initiators were known
        awaitEvents(pools, PoolOnline.class, p -> p.getNodeName().equals(node), 1);
        JsonPath pool = api().get("/api/v1/pools/" + first.getPoolId()).then().extract().jsonPath();
        assertThat(pool.getString("state")).isEqualTo("Online");
        assertThat(pool.getList("drives.attachFailure", String.class)).containsOnlyNulls();
    }

    @Test
    void aRedeliveredOrRepeatedTopologyChangesNoRole() {
        String node = node("east");
        NodeTopologyAssigned event = NodeTopologyAssigned.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setRegion(region).setZone("west-1").build();
        sender.send("mooring.nodes", event);
        sender.send("mooring.nodes", event);
        topology(node, "west-1");

        awaitEvents(nodes, NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(node), 1);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                events(nodes, NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(node)).size() == 1
                        && events(pools, DriveProvisioned.class, d -> d.getNodeName().equals(node)).size() == 2);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void putConfigMap(String namespace, Map<String, String> data) {
        var map = kubernetes.configMaps().inNamespace(namespace).withName("mooring-storage");
        if (map.get() == null) {
            kubernetes.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("mooring-storage").withNamespace(namespace).endMetadata().withData(data).build()).create();
        } else {
            map.edit(existing -> new ConfigMapBuilder(existing).withData(data).build());
        }
    }

    private static String node(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void topology(String node, String zone) {
        sender.send("mooring.nodes", NodeTopologyAssigned.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setRegion(region).setZone(zone).setRack(null).setRegionSource("label:px/region")
                .setZoneSource("label:px/zone").build());
    }

    private void attached(DriveProvisioned drive) {
        String host = "mooring-" + drive.getNodeName();
        String wwid = "3624a9370" + drive.getSerial().toLowerCase();
        sender.send("mooring.pools", DriveAttached.newBuilder().setEnvelope(envelope(drive.getNodeName()))
                .setNodeName(drive.getNodeName()).setPoolId(drive.getPoolId()).setDriveName(drive.getDriveName())
                .setArray(drive.getArray())
                .setPath(ArrayPath.newBuilder().setArray(drive.getArray()).setHost(host).setProtocol("iscsi").setLun(1)
                        .setTargetIqn(null).build())
                .setDevice(DeviceIdentity.newBuilder().setSerial(drive.getSerial()).setWwid(wwid)
                        .setMapperPath("/dev/mapper/" + wwid).build())
                .build());
    }

    private static EventEnvelope envelope(String key) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setSource("test").setCorrelationId("test-" + key).setCausationId(null).setKey(key).build();
    }

    /** Every drive volume on any simulated array whose name comes from this node's pool. */
    private static Set<String> drivesOnArraysOf(String node) {
        String prefix = "mooring-" + node + "-";
        return sim().arrayNames().stream().flatMap(a -> sim().fleet().volumes(a).stream())
                .map(Volume::fullName).filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static <T extends SpecificRecord> List<T> awaitEvents(TopicReader reader, Class<T> type,
                                                                  java.util.function.Predicate<T> match, int count) {
        return reader.await(r -> matches(r, type, match), count, DEADLINE).stream()
                .map(r -> type.cast(EventCodec.instance().decode(r.value()))).toList();
    }

    private static <T extends SpecificRecord> List<T> events(TopicReader reader, Class<T> type,
                                                             java.util.function.Predicate<T> match) {
        return reader.records().stream().filter(r -> matches(r, type, match))
                .map(r -> type.cast(EventCodec.instance().decode(r.value()))).toList();
    }

    private static <T extends SpecificRecord> boolean matches(ConsumerRecord<String, byte[]> record, Class<T> type,
                                                              java.util.function.Predicate<T> match) {
        SpecificRecord event = EventCodec.instance().decode(record.value());
        return type.isInstance(event) && match.test(type.cast(event));
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }

    private static FlashArraySimulator sim() {
        return PoolArraysResource.simulator();
    }
}
