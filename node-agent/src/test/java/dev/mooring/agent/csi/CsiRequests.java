package dev.mooring.agent.csi;

import dev.mooring.agent.csi.v1.NodePublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeStageVolumeRequest;
import dev.mooring.agent.csi.v1.VolumeCapability;
import dev.mooring.agent.csi.v1.VolumeCapability.AccessMode.Mode;
import java.util.List;
import java.util.Map;

/** Requests as the kubelet builds them. */
final class CsiRequests {

    private CsiRequests() {
    }

    static VolumeCapability mount(String fsType, Mode mode, String... flags) {
        return VolumeCapability.newBuilder()
                .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fsType).addAllMountFlags(List.of(flags)))
                .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode)).build();
    }

    static VolumeCapability block(Mode mode) {
        return VolumeCapability.newBuilder().setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
                .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode)).build();
    }

    static NodeStageVolumeRequest stage(String volumeId, String staging, VolumeCapability cap,
                                        Map<String, String> context) {
        return NodeStageVolumeRequest.newBuilder().setVolumeId(volumeId).setStagingTargetPath(staging)
                .setVolumeCapability(cap).putAllPublishContext(context).build();
    }

    static NodePublishVolumeRequest publish(String volumeId, String staging, String target, VolumeCapability cap,
                                            boolean readOnly) {
        return NodePublishVolumeRequest.newBuilder().setVolumeId(volumeId).setStagingTargetPath(staging)
                .setTargetPath(target).setVolumeCapability(cap).setReadonly(readOnly).build();
    }
}
