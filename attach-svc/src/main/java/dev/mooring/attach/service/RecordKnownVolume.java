package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps attach-svc's list of volumes in step with the provisioner's outcomes: {@code VolumeProvisioned}
 * makes a volume known with its arrays, serial, access modes and volume mode (and requests again the attachments
 * that failed because it was not known yet), {@code VolumeDeleted} marks it deleted. The inbox claim
 * and the change commit in one transaction, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class RecordKnownVolume {

    static final String HANDLER = "record-known-volume";
    private static final Logger LOG = Logger.getLogger(RecordKnownVolume.class);

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    AttachmentRepository attachments;

    @Inject
    RequestAttachment requests;

    public Uni<Void> on(VolumeProvisioned event) {
        return apply(event.getEnvelope(), event.getVolumeId(), this::wakeWaitingAttachments, volume -> {
            volume.state = KnownVolumeState.afterProvisioned(volume.state);
            volume.arrayVolumeName = event.getArrayVolumeName();
            volume.arrayList(event.getArrays());
            volume.serial = event.getSerial();
            volume.sizeBytes = event.getSizeBytes();
            volume.podName = event.getPodName();
            volume.accessModeList(event.getAccessModes());
            volume.volumeMode = event.getVolumeMode();
            LOG.infof("volume=%s array-volume=%s arrays=%s serial=%s access-modes=%s volume-mode=%s state=%s",
                    volume.volumeId, volume.arrayVolumeName, volume.arrays, volume.serial, volume.accessModes,
                    volume.volumeMode, volume.state);
            return volume;
        });
    }

    public Uni<Void> on(VolumeDeleted event) {
        return apply(event.getEnvelope(), event.getVolumeId(), v -> Uni.createFrom().voidItem(), volume -> {
            volume.state = KnownVolumeState.afterDeleted(volume.state);
            if (volume.arrayVolumeName == null) {
                volume.arrayVolumeName = event.getArrayVolumeName();
            }
            if (volume.arrayList().isEmpty()) {
                volume.arrayList(event.getArrays());
            }
            LOG.infof("volume=%s array-volume=%s state=%s", volume.volumeId, volume.arrayVolumeName, volume.state);
            return volume;
        });
    }

    /** Attachments that failed because the volume was not known yet are requested again, in the same transaction. */
    private Uni<Void> wakeWaitingAttachments(KnownVolume volume) {
        if (volume.state != KnownVolumeState.Provisioned) {
            return Uni.createFrom().voidItem();
        }
        return attachments.failedOfVolume(volume.volumeId, AttachFailureReason.VolumeUnknown.name()).chain(waiting -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var a : waiting) {
                chain = chain.chain(() -> requests.again(a, a.correlationId).replaceWithVoid());
            }
            return chain;
        });
    }

    private Uni<Void> apply(EventEnvelope envelope, String volumeId, Function<KnownVolume, Uni<Void>> after,
                            Function<KnownVolume, KnownVolume> change) {
        return intake.once(HANDLER, envelope, () -> volumes.findById(volumeId).chain(found -> {
            KnownVolume volume = found != null ? found : newVolume(volumeId);
            KnownVolume changed = change.apply(volume);
            changed.lastEventId = envelope.getEventId();
            changed.correlationId = envelope.getCorrelationId();
            changed.updatedAt = OffsetDateTime.now(clock);
            return (found != null ? Uni.createFrom().voidItem() : volumes.persist(changed).replaceWithVoid())
                    .chain(() -> after.apply(changed));
        })).invoke(applied -> {
            if (!applied) {
                LOG.debugf("volume=%s event %s seen before, nothing to do", volumeId, envelope.getEventId());
            }
        }).replaceWithVoid();
    }

    private static KnownVolume newVolume(String volumeId) {
        KnownVolume volume = new KnownVolume();
        volume.volumeId = volumeId;
        return volume;
    }
}
