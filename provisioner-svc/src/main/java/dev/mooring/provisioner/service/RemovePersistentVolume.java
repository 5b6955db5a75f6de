package dev.mooring.provisioner.service;

import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.provisioner.kube.PersistentVolumes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code VolumeDeleted} for a claim's volume → its PV is deleted: only after the array volume was destroyed,
 * so a PV never disappears while its data is still live.
 */
@ApplicationScoped
public class RemovePersistentVolume {

    static final String HANDLER = "remove-persistent-volume";
    private static final Logger LOG = Logger.getLogger(RemovePersistentVolume.class);

    @Inject
    ClaimSideEffects sideEffects;

    @Inject
    PersistentVolumes persistentVolumes;

    public Uni<Void> on(VolumeDeleted event) {
        return sideEffects.once(HANDLER, event.getEnvelope(), UUID.fromString(event.getVolumeId()), volume -> true,
                volume -> {
                    if (persistentVolumes.delete(volume)) {
                        LOG.infof("volume=%s claim=%s/%s pv=%s deleted (array volume %s destroyed on %s)", volume.id,
                                volume.claimNamespace, volume.claimName, volume.name, volume.arrayVolumeName,
                                String.join(", ", event.getArrays()));
                    }
                    return Optional.empty();
                });
    }
}
