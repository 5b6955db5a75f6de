package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.events.volumes.PoolVolumeProvisioned;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud-drives story of 001_0a5f50a39337507a.txt with the topology of the DR blog: six nodes in two
 * zones, at most two storage nodes per zone. Four nodes get drives carved from the two simulated arrays and
 * an online pool, two stay storageless; a pool-backed PVC with {@code repl: "2"} gets its replicas in
 * different zones, on pools whose drives are on different arrays, and binds.
 */
@SystemTest
class PoolPlacementSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static SystemStack system;
    private static Stack stack;
    private static KubernetesClient kubernetes;
    private static EventLog events;

    @BeforeAll
    static void startTheStack() {
        system = SystemStack.start("pools", Map.of("provisioner-svc", Map.of(
                        "mooring.storage.max-storage-nodes-per-zone", "2", "mooring.storage.drive-specs", "size=150")),
                Topic.NODES.topicName(), Topic.POOLS.topicName(), Topic.VOLUMES.topicName());
        stack = system.stack;
        kubernetes = system.kubernetes;
        events = system.events;
    }

    @AfterAll
    static void stopTheStack() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void twoZonesOfThreeNodesGetFourPoolsAndARepl2ClaimSpansBothZonesAndBothArrays() {
        try (ClusterNodes nodes = new ClusterNodes(kubernetes, Duration.ofSeconds(5))) {
            for (String zone : List.of("us-east-1a", "us-east-1b")) {
                for (int i = 1; i <= 3; i++) {
                    nodes.add(zone + "-node-" + i, "us-east-1", zone);
                }
            }

            // Labelled by topology-svc, then storage or storageless: two storage nodes per zone.
            await().atMost(DEADLINE).until(() -> events.all(NodeStorageRoleAssigned.class).stream()
                    .map(NodeStorageRoleAssigned::getNodeName).distinct().count() == 6);
            assertThat(kubernetes.nodes().withName("us-east-1a-node-1").get().getMetadata().getLabels())
                    .containsEntry("px/zone", "us-east-1a").containsEntry("px/region", "us-east-1");
            assertThat(events.all(NodeTopologyAssigned.class)).hasSizeGreaterThanOrEqualTo(6);
            Map<String, Set<String>> storageByZone = events.all(NodeStorageRoleAssigned.class).stream()
                    .filter(r -> r.getRole().equals("storage"))
                    .collect(Collectors.groupingBy(NodeStorageRoleAssigned::getZone,
                            Collectors.mapping(NodeStorageRoleAssigned::getNodeName, Collectors.toSet())));
            assertThat(storageByZone).containsOnlyKeys("us-east-1a", "us-east-1b");
            assertThat(storageByZone.values()).allMatch(s -> s.size() == 2);

            // Each storage node: one 150 GiB drive on an array, connected; its pool Online. Storageless: nothing.
            await().atMost(DEADLINE).until(() -> events.all(PoolOnline.class).size() == 4);
            List<DriveProvisioned> drives = events.all(DriveProvisioned.class);
            assertThat(drives).hasSize(4).allMatch(d -> d.getSizeBytes() == 150L << 30);
            assertThat(drives.stream().map(DriveProvisioned::getArray).collect(Collectors.toSet()))
                    .as("drives spread over both arrays by free capacity").containsExactlyInAnyOrder("array-a", "array-b");
            Set<String> storageNodes = storageByZone.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            assertThat(drives).allMatch(d -> storageNodes.contains(d.getNodeName()));
            try (SimulatedArrays arrays = SimulatedArrays.connect(stack, 2)) {
                for (DriveProvisioned d : drives) {
                    assertThat(arrays.find(d.getArray(), d.getDriveName())).as(d.getDriveName()).isPresent();
                }
            }

            // A pool-backed claim with two replicas.
            kubernetes.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                    .withName("px-repl2").endMetadata().withProvisioner("pxd.portworx.com")
                    .withVolumeBindingMode("Immediate").withParameters(Map.of("repl", "2")).build()).create();
            PersistentVolumeClaim claim = kubernetes.persistentVolumeClaims().inNamespace("default").resource(
                    new PersistentVolumeClaimBuilder().withNewMetadata().withName("db-data").withNamespace("default")
                            .endMetadata().withNewSpec().withStorageClassName("px-repl2").withAccessModes("ReadWriteOnce")
                            .withNewResources().addToRequests("storage", new Quantity("20Gi")).endResources().endSpec()
                            .build()).create();
            await().atMost(DEADLINE).until(() -> "Bound".equals(phaseOf(kubernetes.persistentVolumeClaims()
                    .inNamespace("default").withName("db-data").get())));

            PoolVolumeProvisioned placed = events.all(PoolVolumeProvisioned.class).stream()
                    .filter(v -> v.getClaim() != null && v.getClaim().getUid().equals(claim.getMetadata().getUid()))
                    .findFirst().orElseThrow();
            assertThat(placed.getReplicas()).hasSize(2);
            assertThat(placed.getReplicas().stream().map(r -> r.getZone()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("us-east-1a", "us-east-1b");
            assertThat(placed.getReplicas().stream().flatMap(r -> r.getArrays().stream()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("array-a", "array-b");
            assertThat(placed.getPlacement()).isNotEmpty();

            // The provisioner's API shows the replicas and why they were placed there.
            MooringApi provisioner = new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken());
            JsonNode volume = provisioner.volume(placed.getVolumeId());
            assertThat(volume.toString()).contains("us-east-1a").contains("us-east-1b");
        }
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }

    private static String phaseOf(PersistentVolumeClaim claim) {
        return claim == null || claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }
}
