package dev.mooring.provisioner.messaging;

import dev.mooring.events.volumes.PoolVolumeProvisioned;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.events.volumes.VolumeResizeFailed;
import dev.mooring.events.volumes.VolumeResizeRequested;
import dev.mooring.events.volumes.VolumeResized;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import dev.mooring.provisioner.service.CreatePersistentVolume;
import dev.mooring.provisioner.domain.StorageParameters;
import dev.mooring.provisioner.service.DeleteVolume;
import dev.mooring.provisioner.service.ExpandPersistentVolume;
import dev.mooring.provisioner.service.PlacePoolVolume;
import dev.mooring.provisioner.service.ProvisionVolume;
import dev.mooring.provisioner.service.RemovePersistentVolume;
import dev.mooring.provisioner.service.ReportClaimFailure;
import dev.mooring.provisioner.service.ResizeVolume;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes the provisioner's commands off {@code mooring.volumes} (requested, delete requested, resize
 * requested; a request without a backend is placed on storage pools), and its own outcomes there when they
 * concern a claim (the PV, the claim's Events).
 */
@ApplicationScoped
public class VolumeEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    ProvisionVolume provision;

    @Inject
    PlacePoolVolume placement;

    @Inject
    DeleteVolume delete;

    @Inject
    ResizeVolume resize;

    @Inject
    CreatePersistentVolume createPv;

    @Inject
    ExpandPersistentVolume expandPv;

    @Inject
    RemovePersistentVolume removePv;

    @Inject
    ReportClaimFailure failures;

    @Override
    public String channel() {
        return "volumes";
    }

    @Incoming("volumes")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof VolumeRequested requested) {
            return StorageParameters.POOL_BACKEND.equals(requested.getBackend()) ? placement.on(requested)
                    : provision.on(requested);
        }
        if (event instanceof VolumeDeleteRequested deleteRequested) {
            return delete.on(deleteRequested);
        }
        if (event instanceof VolumeResizeRequested resizeRequested) {
            return resize.on(resizeRequested);
        }
        if (event instanceof VolumeProvisioned provisioned) {
            return createPv.on(provisioned);
        }
        if (event instanceof PoolVolumeProvisioned poolProvisioned) {
            return createPv.on(poolProvisioned);
        }
        if (event instanceof VolumeProvisioningFailed failed) {
            return failures.on(failed);
        }
        if (event instanceof VolumeResized resized) {
            return expandPv.on(resized);
        }
        if (event instanceof VolumeResizeFailed resizeFailed) {
            return failures.on(resizeFailed);
        }
        if (event instanceof VolumeDeleted deleted) {
            return removePv.on(deleted);
        }
        return Uni.createFrom().voidItem();
    }
}
