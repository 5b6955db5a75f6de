package dev.mooring.provisioner.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import java.time.OffsetDateTime;
import java.util.List;

/** A volume as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeView(String id, String name, VolumeState state, String size, long sizeBytes, String backend,
                         String podName, QosView qos, String arrayVolumeName, List<String> arrays, String serial,
                         FailureView failure, ClaimView claim, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

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
        return new VolumeView(v.id.toString(), v.name, v.state, Quantity.format(v.sizeBytes), v.sizeBytes, v.backend,
                v.podName, v.maxIops == null && v.maxBandwidth == null ? null : new QosView(v.maxIops, v.maxBandwidth),
                v.arrayVolumeName, v.arrayList(), v.serial,
                v.failureReason == null ? null : new FailureView(v.failureReason, v.failureMessage,
                        Boolean.TRUE.equals(v.failureRetryable)),
                v.forClaim() ? new ClaimView(v.claimNamespace, v.claimName, v.claimUid, v.storageClass,
                        v.accessModeList(), v.volumeMode, v.fsType, v.reclaimPolicy, v.allowExpansion, v.selectedNode,
                        v.name, v.driver) : null,
                v.createdAt, v.updatedAt);
    }
}
