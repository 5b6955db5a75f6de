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
                         FailureView failure, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

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
                v.createdAt, v.updatedAt);
    }
}
