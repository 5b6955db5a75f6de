package dev.mooring.provisioner.service;

import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.provisioner.domain.ReclaimPolicy;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A claim is gone (deleted, or its PV released): its reclaim policy decides. {@code Delete} records
 * {@code VolumeDeleteRequested} (the array volume is destroyed, then the PV deleted); {@code Retain} keeps
 * both, marks the volume {@code Released} and records the claim's {@code VolumeRetained} Event in the same
 * transaction. Either happens once.
 */
@ApplicationScoped
public class ReleaseClaimVolume {

    private static final Logger LOG = Logger.getLogger(ReleaseClaimVolume.class);

    @Inject
    Clock clock;

    @Inject
    VolumeRepository volumes;

    @Inject
    DeleteVolume deleteVolume;

    @Inject
    KubeEvents kubeEvents;

    /** What releasing did. */
    public enum Release { Deleting, Retained, Nothing }

    /**
     * @param policyOnPv the PV's reclaim policy if it has a PV (an administrator may have changed it), else
     *                   null: the StorageClass's, recorded with the volume, applies
     */
    public Uni<Release> release(UUID volumeId, ReclaimPolicy policyOnPv, String why) {
        return Panache.withTransaction(() -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null || volume.state == VolumeState.Deleting || volume.state == VolumeState.Deleted
                    || volume.state == VolumeState.Released) {
                return Uni.createFrom().item(Release.Nothing);
            }
            // An adopted volume's array volume belongs to the cluster domain it came from: always kept.
            ReclaimPolicy policy = volume.adopted() ? ReclaimPolicy.Retain
                    : policyOnPv != null ? policyOnPv : ReclaimPolicy.of(volume.reclaimPolicy);
            if (policy == ReclaimPolicy.Retain) {
                volume.state = VolumeState.Released;
                volume.updatedAt = OffsetDateTime.now(clock);
                LOG.infof("volume=%s claim=%s/%s %s; reclaim policy Retain: array volume %s and PV %s are kept",
                        volume.id, volume.claimNamespace, volume.claimName, why, volume.arrayVolumeName, volume.name);
                return kubeEvents.record(new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.NORMAL,
                                "VolumeRetained", "Reclaim policy Retain: PV " + volume.name + " and array volume "
                                        + volume.arrayVolumeName + " on " + String.join(", ", volume.arrayList())
                                        + " are kept; delete them by hand when the data is no longer needed",
                                "retained", volume.driver))
                        .replaceWith(Release.Retained);
            }
            LOG.infof("volume=%s claim=%s/%s %s; reclaim policy Delete", volume.id, volume.claimNamespace,
                    volume.claimName, why);
            return deleteVolume.requestIn(volume, volume.correlationId).replaceWith(Release.Deleting);
        }));
    }
}
