package dev.mooring.provisioner.service;

import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeResizeFailed;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * A claim's volume could not be provisioned or resized → a Warning Event on the claim with the reason and the
 * message that names the pod, array or parameter, where {@code kubectl describe pvc} shows it.
 */
@ApplicationScoped
public class ReportClaimFailure {

    static final String PROVISIONING = "report-provisioning-failure";
    static final String RESIZE = "report-resize-failure";

    @Inject
    ClaimSideEffects sideEffects;

    public Uni<Void> on(VolumeProvisioningFailed event) {
        return sideEffects.notice(PROVISIONING, event.getEnvelope(), UUID.fromString(event.getVolumeId()),
                volume -> new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.WARNING, "ProvisioningFailed",
                        "failed to provision volume with StorageClass \"" + volume.storageClass + "\": "
                                + event.getFailure().getReason() + ": " + event.getFailure().getMessage(),
                        event.getEnvelope().getEventId().toString(), volume.driver));
    }

    public Uni<Void> on(VolumeResizeFailed event) {
        return sideEffects.notice(RESIZE, event.getEnvelope(), UUID.fromString(event.getVolumeId()),
                volume -> new Notice(ClaimSideEffects.claimOf(volume), KubeEvents.WARNING, "VolumeResizeFailed",
                        "resize volume " + volume.name + " to " + Quantity.format(event.getRequestedSizeBytes())
                                + " failed: " + event.getFailure().getReason() + ": " + event.getFailure().getMessage(),
                        event.getEnvelope().getEventId().toString(), volume.driver));
    }
}
