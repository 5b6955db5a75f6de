package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Query;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direct-access story of the seed documents, with every part as its own process: the operator's
 * Secret (pure.json, put there by the stack), the seed's StorageClass unchanged but for the pod name, and
 * a PVC for a KubeVirt disk (ReadWriteMany, Block) become a PV bound to the claim and a volume in the
 * stretched pod {@code pod1}, visible on both simulated arrays; a VolumeAttachment connects it to the
 * node on both arrays and reports the device; detaching and deleting the claim leave nothing behind.
 */
@SystemTest
class PvcToAttachedDeviceSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NODE = "worker-1";
    private static final String NODE_IQN = "iqn.2026-11.dev.mooring:worker-1";

    /** Errors a test provokes on purpose, and nothing else. */

    private static Stack stack;
    private static KubernetesClient kubernetes;
    private static SimulatedArrays arrays;

    @BeforeAll
    static void startTheStack() {
        Path root = Stack.findRoot();
        assertThat(root.resolve("attach-svc/target/quarkus-app/quarkus-run.jar"))
                .as("the services must be packaged before this test (mvn install, or a reactor verify)").exists();
        stack = Stack.start(Stack.Options.defaults(root)
                .work(root.resolve("devstack/target/system-test-pvc"))
                .anyFreePorts()
                .databaseSuffix("_systest_pvc")
                .instances(SystemStack.INSTANCES));
        stack.printTable(System.out);
        new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken())
                .awaitArraysRegistered(Duration.ofSeconds(60));
        kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build();
        arrays = SimulatedArrays.connect(stack, 4);
    }

    @AfterAll
    static void stopTheStack() {
        try {
            if (kubernetes != null) {
                kubernetes.close();
            }
            if (arrays != null) {
                arrays.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void aClaimInAStretchedPodIsProvisionedBoundAttachedOnBothArraysAndCleanedUp() {
        // A node whose iSCSI initiator is known, as an operator or node agent declares it.
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .addToAnnotations("mooring.dev/iscsi-iqn", NODE_IQN).endMetadata().build()).create();
        // The StorageClass of 000_47479b46186bd65a.txt, with the simulator's stretched pod.
        StorageClass seedClass = new StorageClassBuilder().withNewMetadata().withName("fada-activecluster-sc").endMetadata()
                .withProvisioner("pxd.portworx.com").withVolumeBindingMode("Immediate").withAllowVolumeExpansion(true)
                .withParameters(Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1")).build();
        kubernetes.storage().v1().storageClasses().resource(seedClass).create();

        PersistentVolumeClaim claim = kubernetes.persistentVolumeClaims().inNamespace("default").resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("vm-disk").withNamespace("default").endMetadata()
                        .withNewSpec().withStorageClassName("fada-activecluster-sc").withAccessModes("ReadWriteMany")
                        .withVolumeMode("Block").withNewResources().addToRequests("storage", new Quantity("20Gi"))
                        .endResources().endSpec().build()).create();
        String pvName = "pvc-" + claim.getMetadata().getUid();

        // Provisioned, and bound to the claim.
        await().atMost(DEADLINE).until(() -> "Bound".equals(phaseOf(kubernetes.persistentVolumeClaims()
                .inNamespace("default").withName("vm-disk").get())));
        PersistentVolume pv = kubernetes.persistentVolumes().withName(pvName).get();
        assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo("pxd.portworx.com");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(claim.getMetadata().getUid());
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Block");
        String volumeHandle = pv.getSpec().getCsi().getVolumeHandle();
        String arrayVolume = podVolumeOn("array-a").name();
        Volume onA = arrays.find("array-a", arrayVolume).orElseThrow();
        Volume onB = arrays.find("array-b", arrayVolume).orElseThrow();
        assertThat(onA.serial()).as("one volume, replicated by ActiveCluster").isEqualTo(onB.serial());
        assertThat(onA.provisioned()).isEqualTo(20L << 30);

        // Attached to the node through both arrays.
        VolumeAttachment attachment = kubernetes.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder()
                .withNewMetadata().withName("csi-vm-disk-" + NODE).endMetadata()
                .withNewSpec().withAttacher("pxd.portworx.com").withNodeName(NODE)
                .withNewSource().withPersistentVolumeName(pvName).endSource().endSpec().build()).create();
        await().atMost(DEADLINE).until(() -> {
            VolumeAttachment now = kubernetes.storage().v1().volumeAttachments()
                    .withName(attachment.getMetadata().getName()).get();
            return now.getStatus() != null && Boolean.TRUE.equals(now.getStatus().getAttached());
        });
        Map<String, String> metadata = kubernetes.storage().v1().volumeAttachments()
                .withName(attachment.getMetadata().getName()).get().getStatus().getAttachmentMetadata();
        assertThat(metadata.values()).anySatisfy(v -> assertThat(v).contains("3624a9370" + onA.serial().toLowerCase()));
        assertThat(String.join(" ", metadata.keySet()) + " " + String.join(" ", metadata.values()))
                .contains("array-a").contains("array-b");
        assertThat(connectionsOf("array-a", arrayVolume)).hasSize(1);
        assertThat(connectionsOf("array-b", arrayVolume)).hasSize(1);
        assertThat(volumeHandle).isNotBlank();

        // Detached: the connections are gone on both arrays before the VolumeAttachment is.
        kubernetes.storage().v1().volumeAttachments().withName(attachment.getMetadata().getName()).delete();
        await().atMost(DEADLINE).until(() -> kubernetes.storage().v1().volumeAttachments()
                .withName(attachment.getMetadata().getName()).get() == null);
        assertThat(connectionsOf("array-a", arrayVolume)).isEmpty();
        assertThat(connectionsOf("array-b", arrayVolume)).isEmpty();

        // Deleted (reclaim policy Delete): the PV goes, the array volume is destroyed on both arrays.
        kubernetes.persistentVolumeClaims().inNamespace("default").withName("vm-disk").delete();
        await().atMost(DEADLINE).until(() -> kubernetes.persistentVolumes().withName(pvName).get() == null);
        await().atMost(DEADLINE).until(() -> arrays.find("array-a", arrayVolume).map(Volume::isDestroyed).orElse(true)
                && arrays.find("array-b", arrayVolume).map(Volume::isDestroyed).orElse(true));

        // Nothing left behind on either array: no live Mooring volume in the pod, no connection but the node's
        // own cloud drive (by default every node is a storage node, and its pool stays).
        for (String array : List.of("array-a", "array-b")) {
            assertThat(arrays.volumesStartingWith(array, "pod1::mooring-")).allMatch(Volume::isDestroyed);
            assertThat(arrays.client(array).connections().listAll(Query.all()).await().atMost(Duration.ofSeconds(10)))
                    .allMatch(c -> c.volume().name().matches("mooring-" + NODE + "-[0-9a-f]{6}-d[0-9]+"));
        }
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }

    private static Volume podVolumeOn(String array) {
        List<Volume> volumes = arrays.volumesStartingWith(array, "pod1::mooring-").stream()
                .filter(v -> !v.isDestroyed()).toList();
        assertThat(volumes).as("the claim's volume in pod1 on %s", array).hasSize(1);
        return volumes.get(0);
    }

    private static List<Connection> connectionsOf(String array, String volume) {
        return arrays.client(array).connections().listAll(Query.all()).await().atMost(Duration.ofSeconds(10))
                .stream().filter(c -> c.volume() != null && volume.equals(c.volume().name())).toList();
    }

    private static String phaseOf(PersistentVolumeClaim claim) {
        return claim == null || claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }
}
