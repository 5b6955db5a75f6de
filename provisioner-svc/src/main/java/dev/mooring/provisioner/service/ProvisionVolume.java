package dev.mooring.provisioner.service;

import dev.mooring.events.ClaimRef;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.domain.PodServing;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.PodArrayStatusRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code VolumeRequested} → the array volume. The array call happens between two reads of the volume,
 * outside any transaction; its result, the inbox record and the outgoing event commit together. A
 * redelivered event is skipped; a crash between the array call and the commit repeats the (idempotent)
 * array call, which finds the volume it already made.
 */
@ApplicationScoped
public class ProvisionVolume {

    static final String HANDLER = "provision-volume";
    private static final Logger LOG = Logger.getLogger(ProvisionVolume.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    ArrayVolumes arrays;

    @Inject
    PodArrayStatusRepository podStatuses;

    @Inject
    NewVolumes newVolumes;

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    public Uni<Void> on(VolumeRequested event) {
        UUID eventId = event.getEnvelope().getEventId();
        UUID volumeId = UUID.fromString(event.getVolumeId());
        return inbox.processed(HANDLER, eventId).chain(done -> done ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> volumes.findById(volumeId)).chain(volume -> {
                    if (volume == null || volume.state != VolumeState.Pending) {
                        // Deleted (or re-requested) since: nothing to create for this event.
                        return Panache.withTransaction(() -> inbox.claim(HANDLER, eventId)).replaceWithVoid();
                    }
                    return podRefusal(volume).chain(refusal -> refusal.isPresent()
                            ? record(event, volumeId, refusal.get())
                            : arrays.create(request(volume)).chain(outcome -> record(event, volumeId, outcome)));
                }));
    }

    private static ArrayVolumes.Request request(VolumeRecord volume) {
        String baseName = volume.arrayVolumeName.contains("::")
                ? volume.arrayVolumeName.substring(volume.arrayVolumeName.indexOf("::") + 2)
                : volume.arrayVolumeName;
        return new ArrayVolumes.Request(baseName, volume.sizeBytes, Optional.ofNullable(volume.podName),
                volume.maxIops, volume.maxBandwidth);
    }

    /** A volume in a stretched pod that no array serves now is refused (retryable) without asking the arrays. */
    private Uni<Optional<ArrayOutcome>> podRefusal(VolumeRecord volume) {
        if (volume.podName == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.withSession(() -> podStatuses.of(volume.podName)).map(statuses -> PodServing
                .check(volume.podName, statuses)
                .map(refusal -> new ArrayOutcome.Refused(refusal.reason(), refusal.message(), refusal.retryable(),
                        List.of())));
    }

    private Uni<Void> record(VolumeRequested event, UUID volumeId, ArrayOutcome outcome) {
        UUID eventId = event.getEnvelope().getEventId();
        return Panache.withTransaction(() -> inbox.claim(HANDLER, eventId).chain(first -> !first
                ? Uni.createFrom().voidItem()
                : volumes.findById(volumeId).chain(volume -> outcome instanceof ArrayOutcome.Refused refused
                        && PodServing.POD_NOT_SERVED.equals(refused.reason()) && volume.state == VolumeState.Pending
                        ? refuseUnlessServedNow(event, volume, refused)
                        : apply(event, volume, outcome))));
    }

    /**
     * The pod's statuses were read outside this transaction: an array may have come online since, and its report
     * found this volume still Pending, so it did not request it again. Under the pod's lock (which that report
     * takes too) the statuses are read again: served now → requested again instead of failed.
     */
    private Uni<Void> refuseUnlessServedNow(VolumeRequested event, VolumeRecord volume, ArrayOutcome.Refused refused) {
        return podStatuses.lock(volume.podName).chain(() -> podStatuses.of(volume.podName)).chain(statuses -> {
            if (PodServing.check(volume.podName, statuses).isPresent()) {
                return apply(event, volume, refused);
            }
            LOG.infof("volume=%s pod=%s is served again: requesting the volume again", volume.id, volume.podName);
            volume.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return outbox.record(newVolumes.requestedAgain(volume, event.getEnvelope()));
        });
    }

    private Uni<Void> apply(VolumeRequested event, VolumeRecord volume, ArrayOutcome outcome) {
        volume.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        if (outcome instanceof ArrayOutcome.Done done) {
            volume.arrayList(done.arrays());
            volume.serial = done.serial();
            if (volume.state != VolumeState.Pending) {
                // Deletion was requested while the array call ran; the deletion destroys what was made.
                return Uni.createFrom().voidItem();
            }
            volume.state = VolumeState.Ready;
            LOG.infof("volume=%s array-volume=%s arrays=%s serial=%s provisioned", volume.id, done.arrayVolumeName(),
                    done.arrays(), done.serial());
            return outbox.record(VolumeProvisioned.newBuilder()
                    .setEnvelope(envelopes.causedBy(volume.id.toString(), event.getEnvelope()))
                    .setVolumeId(volume.id.toString())
                    .setArrayVolumeName(done.arrayVolumeName())
                    .setArrays(done.arrays())
                    .setSerial(done.serial())
                    .setSizeBytes(done.sizeBytes())
                    .setPodName(volume.podName)
                    .setClaim(volume.forClaim() ? ClaimRef.newBuilder().setNamespace(volume.claimNamespace)
                            .setName(volume.claimName).setUid(volume.claimUid).build() : null)
                    .setAccessModes(volume.accessModeList())
                    .setVolumeMode(volume.volumeMode)
                    .build());
        }
        ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
        if (!refused.arrays().isEmpty()) {
            volume.arrayList(refused.arrays()); // where it may exist, so a deletion can clean it up
        }
        if (volume.state != VolumeState.Pending) {
            return Uni.createFrom().voidItem();
        }
        volume.state = VolumeState.Failed;
        volume.failureReason = refused.reason();
        volume.failureMessage = refused.message();
        volume.failureRetryable = refused.retryable();
        LOG.warnf("volume=%s provisioning failed: %s: %s", volume.id, refused.reason(), refused.message());
        return outbox.record(VolumeProvisioningFailed.newBuilder()
                .setEnvelope(envelopes.causedBy(volume.id.toString(), event.getEnvelope()))
                .setVolumeId(volume.id.toString())
                .setFailure(Failure.newBuilder().setReason(refused.reason()).setMessage(refused.message())
                        .setRetryable(refused.retryable()).build())
                .build());
    }
}
