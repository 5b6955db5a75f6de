package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * What attach-svc reports about a drive's connection besides success: a failed attach is kept with the drive
 * (the pool stays Provisioning and says why); a removed connection (fencing) marks it not attached — unless
 * the pool has moved on to another node meanwhile (the topics are not ordered with each other).
 */
@ApplicationScoped
public class DriveConnections {

    static final String FAILED_HANDLER = "drive-attach-failed";
    static final String DETACHED_HANDLER = "drive-detached";
    private static final Logger LOG = Logger.getLogger(DriveConnections.class);

    @Inject
    Intake intake;

    public Uni<Void> on(DriveAttachFailed event) {
        return intake.once(FAILED_HANDLER, event.getEnvelope(),
                () -> CloudDriveRecord.<CloudDriveRecord>findById(event.getDriveName()).invoke(drive -> {
                            if (drive != null && !drive.attached) {
                                drive.attachFailure = event.getFailure().getReason() + ": " + event.getFailure().getMessage();
                                LOG.warnf("pool=%s node=%s drive=%s not attached: %s", drive.poolId, event.getNodeName(),
                                        drive.driveName, drive.attachFailure);
                            }
                        })).replaceWithVoid();
    }

    public Uni<Void> on(DriveDetached event) {
        return intake.once(DETACHED_HANDLER, event.getEnvelope(),
                () -> CloudDriveRecord.<CloudDriveRecord>findById(event.getDriveName()).chain(drive -> drive == null
                                ? Uni.createFrom().voidItem()
                                : StoragePoolRecord.<StoragePoolRecord>findById(drive.poolId).invoke(pool -> {
                                    if (pool != null && pool.nodeName.equals(event.getNodeName())) {
                                        drive.attached = false;
                                        drive.detachedReason = event.getReason();
                                        LOG.infof("pool=%s node=%s drive=%s detached from host %s on %s: %s",
                                                pool.poolId, pool.nodeName, drive.driveName, event.getHost(),
                                                event.getArray(), event.getReason());
                                    }
                                }))).replaceWithVoid();
    }
}
