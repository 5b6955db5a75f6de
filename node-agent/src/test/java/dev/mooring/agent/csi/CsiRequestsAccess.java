package dev.mooring.agent.csi;

import dev.mooring.agent.csi.v1.NodeStageVolumeRequest;
import dev.mooring.agent.csi.v1.VolumeCapability;
import java.util.Map;

/** The kubelet-shaped requests of {@link CsiRequests}, for tests in other packages. */
public final class CsiRequestsAccess {

    private CsiRequestsAccess() {
    }

    public static VolumeCapability mountRwo() {
        return CsiRequests.mount("ext4", VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER);
    }

    public static NodeStageVolumeRequest stage(String id, String staging, VolumeCapability cap, Map<String, String> ctx) {
        return CsiRequests.stage(id, staging, cap, ctx);
    }
}
