package dev.mooring.topology;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Events to publish on mooring.nodes for the consumed-events count. Volume events stand in, keyed by a node
 * name: topology-svc counts whatever type arrives, and it publishes node events itself, so counting those
 * would race with its own.
 */
public final class TestEvents {

    private TestEvents() {
    }

    public static VolumeDeleteRequested deleteRequested(String key) {
        return VolumeDeleteRequested.newBuilder().setEnvelope(envelope(key)).setVolumeId(key).build();
    }

    public static VolumeDeleted deleted(String key) {
        return VolumeDeleted.newBuilder().setEnvelope(envelope(key)).setVolumeId(key).build();
    }

    public static VolumeProvisioningFailed provisioningFailed(String key) {
        return VolumeProvisioningFailed.newBuilder().setEnvelope(envelope(key)).setVolumeId(key)
                .setFailure(Failure.newBuilder().setReason("Test").setMessage("a stand-in event").build())
                .build();
    }

    private static EventEnvelope envelope(String key) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSource("test")
                .setCorrelationId("corr-" + key)
                .setKey(key)
                .build();
    }
}
