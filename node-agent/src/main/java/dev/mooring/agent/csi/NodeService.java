package dev.mooring.agent.csi;

import dev.mooring.agent.csi.v1.NodeExpandVolumeRequest;
import dev.mooring.agent.csi.v1.NodeExpandVolumeResponse;
import dev.mooring.agent.csi.v1.NodeGetCapabilitiesRequest;
import dev.mooring.agent.csi.v1.NodeGetCapabilitiesResponse;
import dev.mooring.agent.csi.v1.NodeGetInfoRequest;
import dev.mooring.agent.csi.v1.NodeGetInfoResponse;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsRequest;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsResponse;
import dev.mooring.agent.csi.v1.NodeGrpc;
import dev.mooring.agent.csi.v1.NodePublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodePublishVolumeResponse;
import dev.mooring.agent.csi.v1.NodeServiceCapability;
import dev.mooring.agent.csi.v1.NodeStageVolumeRequest;
import dev.mooring.agent.csi.v1.NodeStageVolumeResponse;
import dev.mooring.agent.csi.v1.NodeUnpublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeUnpublishVolumeResponse;
import dev.mooring.agent.csi.v1.NodeUnstageVolumeRequest;
import dev.mooring.agent.csi.v1.NodeUnstageVolumeResponse;
import dev.mooring.agent.csi.v1.Topology;
import dev.mooring.agent.csi.v1.VolumeCondition;
import dev.mooring.agent.csi.v1.VolumeUsage;
import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.VolumeCapability;
import dev.mooring.agent.service.NodeVolumes;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** The CSI Node service: each call checks its fields, hands over to {@link NodeVolumes}, and maps the outcome. */
public final class NodeService extends NodeGrpc.NodeImplBase {

    private static final Logger LOG = Logger.getLogger(NodeService.class);

    private final NodeVolumes volumes;
    private final String nodeId;
    private final Supplier<Map<String, String>> topology;
    private final String defaultFsType;
    private final long maxVolumes;

    public NodeService(NodeVolumes volumes, String nodeId, Supplier<Map<String, String>> topology,
                       String defaultFsType, long maxVolumes) {
        this.volumes = volumes;
        this.nodeId = nodeId;
        this.topology = topology;
        this.defaultFsType = defaultFsType;
        this.maxVolumes = maxVolumes;
    }

    @Override
    public void nodeStageVolume(NodeStageVolumeRequest r, StreamObserver<NodeStageVolumeResponse> out) {
        call("NodeStageVolume", r.getVolumeId(), out, () -> {
            String id = ProtoMapping.required(r.getVolumeId(), "volume_id");
            String staging = ProtoMapping.required(r.getStagingTargetPath(), "staging_target_path");
            VolumeCapability cap = ProtoMapping.capability(r.hasVolumeCapability(), r.getVolumeCapability(),
                    "volume_capability", defaultFsType);
            volumes.stage(id, staging, cap, r.getPublishContextMap());
            return NodeStageVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodeUnstageVolume(NodeUnstageVolumeRequest r, StreamObserver<NodeUnstageVolumeResponse> out) {
        call("NodeUnstageVolume", r.getVolumeId(), out, () -> {
            volumes.unstage(ProtoMapping.required(r.getVolumeId(), "volume_id"),
                    ProtoMapping.required(r.getStagingTargetPath(), "staging_target_path"));
            return NodeUnstageVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodePublishVolume(NodePublishVolumeRequest r, StreamObserver<NodePublishVolumeResponse> out) {
        call("NodePublishVolume", r.getVolumeId(), out, () -> {
            String id = ProtoMapping.required(r.getVolumeId(), "volume_id");
            String target = ProtoMapping.required(r.getTargetPath(), "target_path");
            VolumeCapability cap = ProtoMapping.capability(r.hasVolumeCapability(), r.getVolumeCapability(),
                    "volume_capability", defaultFsType);
            volumes.publish(id, r.getStagingTargetPath(), target, cap, r.getReadonly());
            return NodePublishVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodeUnpublishVolume(NodeUnpublishVolumeRequest r, StreamObserver<NodeUnpublishVolumeResponse> out) {
        call("NodeUnpublishVolume", r.getVolumeId(), out, () -> {
            volumes.unpublish(ProtoMapping.required(r.getVolumeId(), "volume_id"),
                    ProtoMapping.required(r.getTargetPath(), "target_path"));
            return NodeUnpublishVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodeGetVolumeStats(NodeGetVolumeStatsRequest r, StreamObserver<NodeGetVolumeStatsResponse> out) {
        call("NodeGetVolumeStats", r.getVolumeId(), out, () -> {
            NodeVolumes.Stats s = volumes.stats(ProtoMapping.required(r.getVolumeId(), "volume_id"),
                    ProtoMapping.required(r.getVolumePath(), "volume_path"));
            NodeGetVolumeStatsResponse.Builder b = NodeGetVolumeStatsResponse.newBuilder()
                    .setVolumeCondition(VolumeCondition.newBuilder().setAbnormal(s.abnormal())
                            .setMessage(s.condition()));
            if (s.usage() != null) {
                b.addUsage(VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.BYTES).setTotal(s.usage().totalBytes())
                        .setAvailable(s.usage().availableBytes()).setUsed(s.usage().usedBytes()));
                b.addUsage(VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.INODES)
                        .setTotal(s.usage().totalInodes()).setAvailable(s.usage().freeInodes())
                        .setUsed(s.usage().totalInodes() - s.usage().freeInodes()));
            } else if (s.blockBytes() != null) {
                b.addUsage(VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.BYTES).setTotal(s.blockBytes()));
            }
            return b.build();
        });
    }

    @Override
    public void nodeExpandVolume(NodeExpandVolumeRequest r, StreamObserver<NodeExpandVolumeResponse> out) {
        call("NodeExpandVolume", r.getVolumeId(), out, () -> {
            String id = ProtoMapping.required(r.getVolumeId(), "volume_id");
            String path = ProtoMapping.required(r.getVolumePath(), "volume_path");
            if (r.hasVolumeCapability()) {
                ProtoMapping.capability(true, r.getVolumeCapability(), "volume_capability", defaultFsType);
            }
            long required = r.getCapacityRange().getRequiredBytes();
            long limit = r.getCapacityRange().getLimitBytes();
            if (required < 0 || limit < 0 || (limit > 0 && required > limit)) {
                throw CsiError.invalid("capacity_range", "must have 0 <= required_bytes <= limit_bytes");
            }
            long size = volumes.expand(id, path, required);
            return NodeExpandVolumeResponse.newBuilder().setCapacityBytes(size).build();
        });
    }

    @Override
    public void nodeGetCapabilities(NodeGetCapabilitiesRequest r, StreamObserver<NodeGetCapabilitiesResponse> out) {
        NodeGetCapabilitiesResponse.Builder b = NodeGetCapabilitiesResponse.newBuilder();
        for (NodeServiceCapability.RPC.Type t : new NodeServiceCapability.RPC.Type[] {
                NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME, NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
                NodeServiceCapability.RPC.Type.GET_VOLUME_STATS, NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
                NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER}) {
            b.addCapabilities(NodeServiceCapability.newBuilder().setRpc(NodeServiceCapability.RPC.newBuilder()
                    .setType(t)));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void nodeGetInfo(NodeGetInfoRequest r, StreamObserver<NodeGetInfoResponse> out) {
        call("NodeGetInfo", "", out, () -> NodeGetInfoResponse.newBuilder().setNodeId(nodeId)
                .setMaxVolumesPerNode(maxVolumes)
                .setAccessibleTopology(Topology.newBuilder().putAllSegments(topology.get())).build());
    }

    private <T> void call(String method, String volumeId, StreamObserver<T> out, java.util.concurrent.Callable<T> body) {
        long started = System.nanoTime();
        T response;
        try {
            response = body.call();
        } catch (Exception e) {
            var status = GrpcErrors.toStatus(e);
            LOG.infof("%s volume=%s -> %s: %s", method, volumeId, status.getStatus().getCode(),
                    status.getStatus().getDescription());
            if (!(e instanceof CsiError)) {
                LOG.warnf(e, "%s volume=%s failed unexpectedly", method, volumeId);
            }
            out.onError(status);
            return;
        }
        LOG.debugf("%s volume=%s OK in %d ms", method, volumeId, (System.nanoTime() - started) / 1_000_000);
        out.onNext(response);
        out.onCompleted();
    }
}
