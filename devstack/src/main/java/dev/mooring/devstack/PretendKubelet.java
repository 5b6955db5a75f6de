package dev.mooring.devstack;

import dev.mooring.agent.csi.v1.NodePublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeStageVolumeRequest;
import dev.mooring.agent.csi.v1.NodeUnpublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeUnstageVolumeRequest;
import dev.mooring.agent.csi.v1.VolumeCapability;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kubelet does for a pod's CSI volume, and nothing more: the paths it chooses under its root directory
 * ({@code /var/lib/kubelet} on a node), and the stage and publish requests it builds from the PV (volume handle,
 * attributes, fsType, volume mode) and the VolumeAttachment's {@code attachmentMetadata} (the publish context).
 */
public final class PretendKubelet {

    public static final String DRIVER = "pxd.portworx.com";

    private final Path root;

    /** {@code root}: the kubelet's directory; the staging directories it makes live under it. */
    public PretendKubelet(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** Where the kubelet stages a volume: the global mount for a filesystem, the staging dir for a block volume. */
    public Path stagingPath(PersistentVolume pv) {
        if (isBlock(pv)) {
            return root.resolve("plugins/kubernetes.io/csi/volumeDevices/staging").resolve(pv.getMetadata().getName());
        }
        return root.resolve("plugins/kubernetes.io/csi").resolve(DRIVER)
                .resolve(sha256(pv.getSpec().getCsi().getVolumeHandle())).resolve("globalmount");
    }

    /** Where the kubelet publishes a volume for one pod. */
    public Path targetPath(PersistentVolume pv, String podUid) {
        if (isBlock(pv)) {
            return root.resolve("plugins/kubernetes.io/csi/volumeDevices/publish").resolve(pv.getMetadata().getName())
                    .resolve(podUid);
        }
        return root.resolve("pods").resolve(podUid).resolve("volumes/kubernetes.io~csi")
                .resolve(pv.getMetadata().getName()).resolve("mount");
    }

    /** The capability the kubelet derives from the PV: its volume mode, fsType and first access mode. */
    public static VolumeCapability capability(PersistentVolume pv) {
        VolumeCapability.Builder capability = VolumeCapability.newBuilder().setAccessMode(
                VolumeCapability.AccessMode.newBuilder().setMode(switch (pv.getSpec().getAccessModes().get(0)) {
                    case "ReadWriteMany" -> VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER;
                    case "ReadOnlyMany" -> VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY;
                    case "ReadWriteOncePod" -> VolumeCapability.AccessMode.Mode.SINGLE_NODE_SINGLE_WRITER;
                    default -> VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER;
                }));
        if (isBlock(pv)) {
            capability.setBlock(VolumeCapability.BlockVolume.getDefaultInstance());
        } else {
            String fsType = pv.getSpec().getCsi().getFsType();
            capability.setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fsType == null ? "" : fsType)
                    .addAllMountFlags(pv.getSpec().getMountOptions() == null ? java.util.List.of() : pv.getSpec().getMountOptions()));
        }
        return capability.build();
    }

    /** NodeStageVolume as the kubelet sends it; it makes the staging directory's parent first. */
    public NodeStageVolumeRequest stage(PersistentVolume pv, VolumeAttachment attachment) {
        Path staging = stagingPath(pv);
        mkdirs(staging.getParent());
        if (!isBlock(pv)) {
            mkdirs(staging);
        }
        return NodeStageVolumeRequest.newBuilder().setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setStagingTargetPath(staging.toString()).setVolumeCapability(capability(pv))
                .putAllPublishContext(attachment.getStatus().getAttachmentMetadata())
                .putAllVolumeContext(attributes(pv)).build();
    }

    /** NodePublishVolume for a pod (with {@code podInfoOnMount}'s pod fields in the volume context). */
    public NodePublishVolumeRequest publish(PersistentVolume pv, VolumeAttachment attachment, String podName, String podUid,
                                     boolean readOnly) {
        Path target = targetPath(pv, podUid);
        mkdirs(target.getParent());
        Map<String, String> context = new LinkedHashMap<>(attributes(pv));
        context.put("csi.storage.k8s.io/pod.name", podName);
        context.put("csi.storage.k8s.io/pod.namespace", "default");
        context.put("csi.storage.k8s.io/pod.uid", podUid);
        context.put("csi.storage.k8s.io/serviceAccount.name", "default");
        context.put("csi.storage.k8s.io/ephemeral", "false");
        return NodePublishVolumeRequest.newBuilder().setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setStagingTargetPath(stagingPath(pv).toString()).setTargetPath(target.toString())
                .setVolumeCapability(capability(pv)).setReadonly(readOnly)
                .putAllPublishContext(attachment.getStatus().getAttachmentMetadata()).putAllVolumeContext(context).build();
    }

    public NodeUnpublishVolumeRequest unpublish(PersistentVolume pv, String podUid) {
        return NodeUnpublishVolumeRequest.newBuilder().setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setTargetPath(targetPath(pv, podUid).toString()).build();
    }

    public NodeUnstageVolumeRequest unstage(PersistentVolume pv) {
        return NodeUnstageVolumeRequest.newBuilder().setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setStagingTargetPath(stagingPath(pv).toString()).build();
    }

    public static boolean isBlock(PersistentVolume pv) {
        return "Block".equals(pv.getSpec().getVolumeMode());
    }

    private static Map<String, String> attributes(PersistentVolume pv) {
        Map<String, String> attributes = pv.getSpec().getCsi().getVolumeAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
