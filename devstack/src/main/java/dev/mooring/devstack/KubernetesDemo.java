package dev.mooring.devstack;

import dev.mooring.agent.csi.CsiClient;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The second half of {@code mooring demo}: what an operator does on a cluster, against the Kubernetes API
 * test server — the seed's StorageClass, a PVC for a KubeVirt disk, a VolumeAttachment — and what Mooring
 * does in answer, as seen in Kubernetes and on both simulated arrays.
 */
final class KubernetesDemo {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The demo's node; {@code up} and {@code demo} run a node agent for it (as root). */
    static final String NODE = "worker-1";

    private final KubernetesClient kubernetes;
    private final SimulatedArrays arrays;
    private final Optional<NodeAgents.RunningAgent> agent;
    private final BiConsumer<String, Object[]> step;
    private final BiConsumer<String, Object[]> say;

    KubernetesDemo(Stack stack, SimulatedArrays arrays, BiConsumer<String, Object[]> step,
                   BiConsumer<String, Object[]> say) {
        this.kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build();
        this.arrays = arrays;
        this.agent = stack.findNodeAgent(NODE);
        this.step = step;
        this.say = say;
    }

    void walkThrough() {
        try (kubernetes) {
            step("Kubernetes: a node with its iSCSI initiator, and the seed's StorageClass for stretched pod pod1:");
            kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                    .addToAnnotations("mooring.dev/iscsi-iqn", "iqn.2026-11.dev.mooring:" + NODE).endMetadata().build())
                    .createOr(existing -> existing.update());
            kubernetes.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                    .withName("fada-activecluster-sc").endMetadata().withProvisioner("pxd.portworx.com")
                    .withVolumeBindingMode("Immediate").withAllowVolumeExpansion(true)
                    .withParameters(Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1")).build())
                    .createOr(existing -> existing.update());
            say("Node %s (annotation mooring.dev/iscsi-iqn), StorageClass fada-activecluster-sc "
                    + "(provisioner pxd.portworx.com, backend pure_block, pure_fa_pod_name pod1).", NODE);

            step("Create PVC default/vm-disk: 20Gi, ReadWriteMany, volumeMode Block (a KubeVirt disk):");
            Instant start = Instant.now();
            PersistentVolumeClaim claim = kubernetes.persistentVolumeClaims().inNamespace("default").resource(
                    new PersistentVolumeClaimBuilder().withNewMetadata().withName("vm-disk").withNamespace("default")
                            .endMetadata().withNewSpec().withStorageClassName("fada-activecluster-sc")
                            .withAccessModes("ReadWriteMany").withVolumeMode("Block").withNewResources()
                            .addToRequests("storage", new Quantity("20Gi")).endResources().endSpec().build()).create();
            String pvName = "pvc-" + claim.getMetadata().getUid();
            PersistentVolumeClaim bound = await("the claim to be Bound", () -> {
                PersistentVolumeClaim now = kubernetes.persistentVolumeClaims().inNamespace("default")
                        .withName("vm-disk").get();
                return now.getStatus() != null && "Bound".equals(now.getStatus().getPhase()) ? now : null;
            });
            PersistentVolume pv = kubernetes.persistentVolumes().withName(pvName).get();
            say("Bound after %s to PV %s: driver %s, volumeHandle %s, reclaim %s.", seconds(start),
                    bound.getSpec().getVolumeName(), pv.getSpec().getCsi().getDriver(),
                    pv.getSpec().getCsi().getVolumeHandle(), pv.getSpec().getPersistentVolumeReclaimPolicy());
            say("volumeAttributes %s", new TreeMap<>(pv.getSpec().getCsi().getVolumeAttributes()));
            String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");
            for (String array : arrays.names()) {
                Volume v = arrays.find(array, arrayVolume).orElseThrow(() ->
                        new IllegalStateException(arrayVolume + " is missing on " + array));
                say("%s: %s, serial %s (ActiveCluster: the same volume on both arrays).", array, v.name(), v.serial());
            }

            step("Create VolumeAttachment csi-vm-disk (attacher pxd.portworx.com, node %s):", NODE);
            start = Instant.now();
            kubernetes.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata()
                    .withName("csi-vm-disk").endMetadata().withNewSpec().withAttacher("pxd.portworx.com")
                    .withNodeName(NODE).withNewSource().withPersistentVolumeName(pvName).endSource().endSpec().build())
                    .create();
            VolumeAttachment attached = await("the VolumeAttachment to be attached", () -> {
                VolumeAttachment now = kubernetes.storage().v1().volumeAttachments().withName("csi-vm-disk").get();
                return now.getStatus() != null && Boolean.TRUE.equals(now.getStatus().getAttached()) ? now : null;
            });
            say("Attached after %s. attachmentMetadata:", seconds(start));
            new TreeMap<>(attached.getStatus().getAttachmentMetadata()).forEach((k, v) -> say("  %s = %s", k, v));
            showConnections(arrayVolume);
            if (agent.isPresent()) {
                useTheDisk(agent.get(), pv, attached);
            }

            step("Delete the VolumeAttachment (the node is done with the disk):");
            kubernetes.storage().v1().volumeAttachments().withName("csi-vm-disk").delete();
            await("the VolumeAttachment to be gone", () ->
                    kubernetes.storage().v1().volumeAttachments().withName("csi-vm-disk").get() == null ? true : null);
            say("Detached: the connections were removed on both arrays before the VolumeAttachment went.");
            showConnections(arrayVolume);

            step("Delete the PVC (reclaim policy Delete):");
            kubernetes.persistentVolumeClaims().inNamespace("default").withName("vm-disk").delete();
            await("the PV to be deleted", () -> kubernetes.persistentVolumes().withName(pvName).get() == null ? true : null);
            for (String array : arrays.names()) {
                await(arrayVolume + " to be destroyed on " + array, () -> arrays.find(array, arrayVolume)
                        .map(Volume::isDestroyed).orElse(true) ? true : null);
                say("%s: %s destroyed (recoverable there until the eradication delay ends).", array, arrayVolume);
            }
            say("PV %s deleted.", pvName);
        }
    }

    /** What the kubelet does next on the node, through the node agent's CSI socket: stage, publish, use, release. */
    private void useTheDisk(NodeAgents.RunningAgent node, PersistentVolume pv, VolumeAttachment attached) {
        step("The node agent of %s stages and publishes the disk for a pod, as the kubelet does (CSI on %s):", NODE,
                node.socket());
        PretendKubelet kubelet = new PretendKubelet(node.dir().resolve("kubelet"));
        String pod = UUID.randomUUID().toString();
        Instant start = Instant.now();
        try (CsiClient csi = new CsiClient(node.socket())) {
            csi.node().nodeStageVolume(kubelet.stage(pv, attached));
            csi.node().nodePublishVolume(kubelet.publish(pv, attached, "virt-launcher-vm-0", pod, false));
            Path device = kubelet.targetPath(pv, pod);
            String wwid = attached.getStatus().getAttachmentMetadata().get("wwid");
            say("Published after %s at %s: the map %s (by the volume's WWID) on a loop device of the simulated host.",
                    seconds(start), device, wwid);
            byte[] written = ("Hello from the Mooring demo, " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            try (RandomAccessFile disk = new RandomAccessFile(device.toFile(), "rw")) {
                disk.write(written);
                disk.getFD().sync();
                byte[] read = new byte[written.length];
                disk.seek(0);
                disk.readFully(read);
                say("Wrote %d bytes through it, synced, read them back: %s", written.length,
                        Arrays.equals(read, written) ? "the same" : "DIFFERENT");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot use the published disk " + device, e);
            }
            var condition = csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId(pv.getSpec().getCsi().getVolumeHandle()).setVolumePath(device.toString()).build())
                    .getVolumeCondition();
            say("Volume condition: %s (%s).", condition.getAbnormal() ? "abnormal" : "normal", condition.getMessage());
            csi.node().nodeUnpublishVolume(kubelet.unpublish(pv, pod));
            csi.node().nodeUnstageVolume(kubelet.unstage(pv));
            say("Unpublished and unstaged: the map %s %s.", wwid,
                    Files.exists(node.mapperDir().resolve(wwid), LinkOption.NOFOLLOW_LINKS) ? "is STILL there" : "and its loop device are gone");
        }
    }

    private void showConnections(String arrayVolume) {
        for (String array : arrays.names()) {
            long count = arrays.client(array).connections().listAll(Query.all()).await().atMost(Duration.ofSeconds(10))
                    .stream().filter(c -> c.volume() != null && arrayVolume.equals(c.volume().name()))
                    .peek(c -> say("%s: %s connected to host %s as LUN %d.", array, arrayVolume, c.hostName(), c.lun()))
                    .count();
            if (count == 0) {
                say("%s: no connection of %s.", array, arrayVolume);
            }
        }
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
    }

    private void step(String format, Object... args) {
        step.accept(format, args);
    }

    private void say(String format, Object... args) {
        say.accept(format, args);
    }

    private static String seconds(Instant start) {
        return String.format("%.2f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
