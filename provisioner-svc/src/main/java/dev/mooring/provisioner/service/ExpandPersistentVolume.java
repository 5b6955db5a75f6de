package dev.mooring.provisioner.service;

import dev.mooring.events.volumes.VolumeResized;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.provisioner.kube.PersistentVolumes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** {@code VolumeResized} for a claim's volume → the PV's capacity and a {@code VolumeResizeSuccessful} Event. */
@ApplicationScoped
public class ExpandPersistentVolume {

    static final String HANDLER = "expand-persistent-volume";
    private static final Logger LOG = Logger.getLogger(ExpandPersistentVolume.class);

    @Inject
    ClaimSideEffects sideEffects;

    @Inject
    PersistentVolumes persistentVolumes;

    public Uni<Void> on(VolumeResized event) {
        long size = event.getSizeBytes();
        return sideEffects.once(HANDLER, event.getEnvelope(), UUID.fromString(event.getVolumeId()), volume -> true,
                volume -> {
                    boolean hasPv = persistentVolumes.grow(volume, size);
                    LOG.infof("volume=%s claim=%s/%s pv=%s capacity %s%s", volume.id, volume.claimNamespace,
                            volume.claimName, volume.name, Quantity.format(size), hasPv ? "" : " (no PV yet)");
                    return Optional.of(new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.NORMAL,
                            "VolumeResizeSuccessful", "resize volume " + volume.name + " to " + Quantity.format(size)
                                    + " succeeded on " + String.join(", ", event.getArrays()),
                            "resized-" + size, volume.driver));
                });
    }
}
