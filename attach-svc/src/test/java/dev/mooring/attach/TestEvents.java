package dev.mooring.attach;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Events as the provisioner emits them, for attach-svc's tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String newVolumeId() {
        return UUID.randomUUID().toString();
    }

    public static VolumeProvisioned provisioned(String volumeId, List<String> arrays, String serial) {
        return VolumeProvisioned.newBuilder()
                .setEnvelope(envelope(volumeId))
                .setVolumeId(volumeId)
                .setArrayVolumeName("mooring-vol-" + volumeId.substring(0, 8))
                .setArrays(arrays)
                .setSerial(serial)
                .setSizeBytes(10L << 30)
                .build();
    }

    /** As the provisioner emits it for a PVC: the array volume's real name and serial, access modes, volume mode. */
    public static VolumeProvisioned provisioned(String volumeId, String arrayVolumeName, List<String> arrays,
                                                String serial, List<String> accessModes, String volumeMode) {
        return VolumeProvisioned.newBuilder()
                .setEnvelope(envelope(volumeId))
                .setVolumeId(volumeId)
                .setArrayVolumeName(arrayVolumeName)
                .setArrays(arrays)
                .setSerial(serial)
                .setSizeBytes(1L << 30)
                .setPodName(arrayVolumeName.contains("::") ? arrayVolumeName.substring(0, arrayVolumeName.indexOf("::"))
                        : null)
                .setAccessModes(accessModes)
                .setVolumeMode(volumeMode)
                .build();
    }

    public static VolumeDeleted deleted(String volumeId, String arrayVolumeName, List<String> arrays) {
        return VolumeDeleted.newBuilder()
                .setEnvelope(envelope(volumeId))
                .setVolumeId(volumeId)
                .setArrayVolumeName(arrayVolumeName)
                .setArrays(arrays)
                .build();
    }

    private static EventEnvelope envelope(String volumeId) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSource("provisioner-svc")
                .setCorrelationId("corr-" + volumeId)
                .setKey(volumeId)
                .build();
    }
}
