package dev.mooring.attach.service;

import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.kit.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps attach-svc's list of volumes in step with the provisioner's outcomes: {@code VolumeProvisioned}
 * makes a volume known with its arrays and serial, {@code VolumeDeleted} marks it deleted. The inbox claim
 * and the change commit in one transaction, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class RecordKnownVolume {

    static final String HANDLER = "record-known-volume";
    private static final Logger LOG = Logger.getLogger(RecordKnownVolume.class);

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    Inbox inbox;

    public Uni<Void> on(VolumeProvisioned event) {
        return apply(event.getEnvelope(), event.getVolumeId(), volume -> {
            volume.state = KnownVolumeState.afterProvisioned(volume.state);
            volume.arrayVolumeName = event.getArrayVolumeName();
            volume.arrayList(event.getArrays());
            volume.serial = event.getSerial();
            volume.sizeBytes = event.getSizeBytes();
            volume.podName = event.getPodName();
            LOG.infof("volume=%s array-volume=%s arrays=%s serial=%s state=%s", volume.volumeId,
                    volume.arrayVolumeName, volume.arrays, volume.serial, volume.state);
            return volume;
        });
    }

    public Uni<Void> on(VolumeDeleted event) {
        return apply(event.getEnvelope(), event.getVolumeId(), volume -> {
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

    private Uni<Void> apply(EventEnvelope envelope, String volumeId, Function<KnownVolume, KnownVolume> change) {
        return Panache.withTransaction(() -> inbox.claim(HANDLER, envelope.getEventId()).chain(first -> {
            if (!first) {
                LOG.debugf("volume=%s event %s seen before, nothing to do", volumeId, envelope.getEventId());
                return Uni.createFrom().voidItem();
            }
            return volumes.findById(volumeId).chain(found -> {
                KnownVolume volume = found != null ? found : newVolume(volumeId);
                KnownVolume changed = change.apply(volume);
                changed.lastEventId = envelope.getEventId();
                changed.correlationId = envelope.getCorrelationId();
                changed.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                return found != null ? Uni.createFrom().voidItem() : volumes.persist(changed).replaceWithVoid();
            });
        }));
    }

    private static KnownVolume newVolume(String volumeId) {
        KnownVolume volume = new KnownVolume();
        volume.volumeId = volumeId;
        return volume;
    }
}
