package dev.mooring.provisioner.service;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.PoolVolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.provisioner.kube.PersistentVolumes;
import dev.mooring.provisioner.repository.VolumeRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code VolumeProvisioned} (or {@code PoolVolumeProvisioned}) for a claim's volume → its PV ({@code pvc-<uid>}, with the claim reference the PV
 * controller binds by) and a {@code ProvisioningSucceeded} Event on the claim. A volume deleted meanwhile gets
 * no PV.
 */
@ApplicationScoped
public class CreatePersistentVolume {

    static final String HANDLER = "create-persistent-volume";
    private static final Logger LOG = Logger.getLogger(CreatePersistentVolume.class);

    @Inject
    ClaimSideEffects sideEffects;

    @Inject
    PersistentVolumes persistentVolumes;

    public Uni<Void> on(VolumeProvisioned event) {
        return create(event.getEnvelope(), event.getVolumeId(), volume -> volume.arrayVolumeName + " (serial "
                + volume.serial + ") on " + String.join(", ", volume.arrayList()));
    }

    /** A pool-backed volume's PV is made the same way: same CSI driver, volume handle = volume id. */
    public Uni<Void> on(PoolVolumeProvisioned event) {
        return create(event.getEnvelope(), event.getVolumeId(), volume -> event.getReplicas().size()
                + " replica(s) on " + event.getReplicas().stream()
                .map(r -> "node " + r.getNodeName() + " (pool " + r.getPoolId() + ", zone " + r.getZone() + ")")
                .collect(Collectors.joining(", ")));
    }

    private Uni<Void> create(EventEnvelope cause, String volumeId, Function<VolumeRecord, String> where) {
        return sideEffects.once(HANDLER, cause, UUID.fromString(volumeId),
                // An adopted volume's PV is the one migrated here: it exists, and its claim is bound to it.
                volume -> volume.state == VolumeState.Ready && !volume.adopted(), volume -> {
                    PersistentVolumes.Creation creation = persistentVolumes.create(volume);
                    if (creation == PersistentVolumes.Creation.TakenByAnother) {
                        String message = "PersistentVolume " + volume.name + " exists and is not volume " + volume.id
                                + "'s; delete it or the claim";
                        LOG.warnf("volume=%s claim=%s/%s %s", volume.id, volume.claimNamespace, volume.claimName,
                                message);
                        return Optional.of(new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.WARNING,
                                "ProvisioningFailed", message, cause.getEventId().toString(), volume.driver));
                    }
                    LOG.infof("volume=%s claim=%s/%s pv=%s %s", volume.id, volume.claimNamespace, volume.claimName,
                            volume.name, creation == PersistentVolumes.Creation.Created ? "created" : "exists already");
                    return Optional.of(new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.NORMAL,
                            "ProvisioningSucceeded", "Successfully provisioned volume " + volume.name + ": "
                                    + where.apply(volume), "provisioned", volume.driver));
                });
    }
}
