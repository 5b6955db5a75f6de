package dev.mooring.provisioner.service;

import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeResizeFailed;
import dev.mooring.events.volumes.VolumeResizeRequested;
import dev.mooring.events.volumes.VolumeResized;
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Growing a volume (PVC expansion): the larger size is recorded with {@code VolumeResizeRequested} once per
 * size; the event resizes the array volume (an absolute size, safe to repeat) and ends in
 * {@code VolumeResized} or {@code VolumeResizeFailed}. A failed resize clears the request, so the claim's
 * next look asks again.
 */
@ApplicationScoped
public class ResizeVolume {

    static final String HANDLER = "resize-volume";
    private static final Logger LOG = Logger.getLogger(ResizeVolume.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    ArrayVolumes arrays;

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    /** Records the request unless the volume has that size or a resize to it (or more) is on its way. */
    public Uni<Boolean> request(UUID volumeId, long sizeBytes, String correlationId) {
        return Panache.withTransaction(() -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Ready || volume.sizeBytes >= sizeBytes
                    || (volume.requestedSizeBytes != null && volume.requestedSizeBytes >= sizeBytes)) {
                return Uni.createFrom().item(Boolean.FALSE);
            }
            volume.requestedSizeBytes = sizeBytes;
            volume.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            LOG.infof("volume=%s resize from %s to %s requested", volume.id, Quantity.format(volume.sizeBytes),
                    Quantity.format(sizeBytes));
            return outbox.record(VolumeResizeRequested.newBuilder()
                    .setEnvelope(envelopes.caused(volume.id.toString(), correlationId))
                    .setVolumeId(volume.id.toString())
                    .setSizeBytes(sizeBytes)
                    .build()).replaceWith(Boolean.TRUE);
        }));
    }

    public Uni<Void> on(VolumeResizeRequested event) {
        UUID eventId = event.getEnvelope().getEventId();
        UUID volumeId = UUID.fromString(event.getVolumeId());
        return inbox.processed(HANDLER, eventId).chain(done -> done ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> volumes.findById(volumeId)).chain(volume -> {
                    if (volume == null || volume.state != VolumeState.Ready) {
                        return Panache.withTransaction(() -> inbox.claim(HANDLER, eventId)).replaceWithVoid();
                    }
                    if (volume.poolBacked()) {
                        return record(event, volumeId, new ArrayOutcome.Refused("ResizeNotSupported", "Volume "
                                + volume.name + " is pool-backed; growing its replicas in their pools is not supported"
                                + " yet", false, java.util.List.of()));
                    }
                    return arrays.resize(volume.arrayVolumeName, volume.arrayList(), event.getSizeBytes())
                            .chain(outcome -> record(event, volumeId, outcome));
                }));
    }

    private Uni<Void> record(VolumeResizeRequested event, UUID volumeId, ArrayOutcome outcome) {
        return Panache.withTransaction(() -> inbox.claim(HANDLER, event.getEnvelope().getEventId())
                .chain(first -> !first ? Uni.createFrom().voidItem() : volumes.findById(volumeId).chain(volume -> {
                    volume.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    if (volume.requestedSizeBytes != null && volume.requestedSizeBytes <= event.getSizeBytes()) {
                        volume.requestedSizeBytes = null;
                    }
                    if (outcome instanceof ArrayOutcome.Done done) {
                        volume.sizeBytes = Math.max(volume.sizeBytes, Math.max(done.sizeBytes(), event.getSizeBytes()));
                        LOG.infof("volume=%s array-volume=%s resized to %s on %s", volume.id, volume.arrayVolumeName,
                                Quantity.format(volume.sizeBytes), done.arrays());
                        return outbox.record(VolumeResized.newBuilder()
                                .setEnvelope(envelopes.causedBy(volume.id.toString(), event.getEnvelope()))
                                .setVolumeId(volume.id.toString())
                                .setSizeBytes(volume.sizeBytes)
                                .setArrays(done.arrays())
                                .build());
                    }
                    ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
                    LOG.warnf("volume=%s resize to %s failed: %s: %s", volume.id, Quantity.format(event.getSizeBytes()),
                            refused.reason(), refused.message());
                    return outbox.record(VolumeResizeFailed.newBuilder()
                            .setEnvelope(envelopes.causedBy(volume.id.toString(), event.getEnvelope()))
                            .setVolumeId(volume.id.toString())
                            .setRequestedSizeBytes(event.getSizeBytes())
                            .setFailure(Failure.newBuilder().setReason(refused.reason()).setMessage(refused.message())
                                    .setRetryable(refused.retryable()).build())
                            .build());
                })));
    }
}
