package dev.mooring.attach.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.repository.KnownVolume;
import java.time.OffsetDateTime;
import java.util.List;

/** A known volume as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KnownVolumeView(String volumeId, KnownVolumeState state, String arrayVolumeName, List<String> arrays,
                              String serial, Long sizeBytes, String podName, List<String> accessModes,
                              String volumeMode, String lastEventId, OffsetDateTime updatedAt) {

    public static KnownVolumeView of(KnownVolume v) {
        return new KnownVolumeView(v.volumeId, v.state, v.arrayVolumeName, v.arrayList(), v.serial, v.sizeBytes,
                v.podName, v.accessModeList(), v.volumeMode, v.lastEventId.toString(), v.updatedAt);
    }
}
