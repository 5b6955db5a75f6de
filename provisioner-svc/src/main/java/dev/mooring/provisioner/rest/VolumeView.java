package dev.mooring.provisioner.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.PoolPlacementRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import java.time.OffsetDateTime;
import java.util.List;

/** A volume as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeView(String id, String name, VolumeState state, String size, long sizeBytes,
                         Long resizeRequestedBytes, String backend,
                         String podName, QosView qos, String arrayVolumeName, List<String> arrays, String serial,
                         FailureView failure, ClaimView claim, Integer repl, List<ReplicaView> replicas,
                         List<String> placement, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** Where one replica of a pool-backed volume is: its pool, node, place in the topology and arrays. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplicaView(int index, String pool, String node, String region, String zone, String rack,
                              List<String> arrays) {
        static ReplicaView of(PoolPlacementRepository.Replica r) {
            return new ReplicaView(r.index(), r.poolId(), r.node(), r.region(), r.zone(), r.rack(), r.arrays());
        }
    }

    /** The PersistentVolumeClaim a volume was made for, and what its PV says. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimView(String namespace, String name, String uid, String storageClass, List<String> accessModes,
                            String volumeMode, String fsType, String reclaimPolicy, boolean allowExpansion,
                            String selectedNode, String persistentVolume, String driver) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QosView(Long maxIops, Long maxBandwidthBytesPerSec) {
    }

    public record FailureView(String reason, String message, boolean retryable) {
    }

    public static VolumeView of(VolumeRecord v) {
        return of(v, null);
    }

    /** With the replicas of a pool-backed volume (null: not read, e.g. in a list), and why they are there. */
    public static VolumeView of(VolumeRecord v, List<PoolPlacementRepository.Replica> replicas) {
        boolean pool = v.poolBacked();
        return new VolumeView(v.id.toString(), v.name, v.state, Quantity.format(v.sizeBytes), v.sizeBytes,
                v.requestedSizeBytes, v.backend,
                v.podName, v.maxIops == null && v.maxBandwidth == null ? null : new QosView(v.maxIops, v.maxBandwidth),
                pool ? null : v.arrayVolumeName, v.arrayList(), v.serial,
                v.failureReason == null ? null : new FailureView(v.failureReason, v.failureMessage,
                        Boolean.TRUE.equals(v.failureRetryable)),
                v.forClaim() ? new ClaimView(v.claimNamespace, v.claimName, v.claimUid, v.storageClass,
                        v.accessModeList(), v.volumeMode, v.fsType, v.reclaimPolicy, v.allowExpansion, v.selectedNode,
                        v.name, v.driver) : null,
                pool ? v.repl : null, pool && replicas != null ? replicas.stream().map(ReplicaView::of).toList() : null,
                pool ? v.placementReasons() : null,
                v.createdAt, v.updatedAt);
    }
}
