package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.PoolExpanded;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code DriveAttached} → the drive is connected. When every drive of a provisioning pool is made and
 * connected, the pool is {@code Online} with their capacity ({@code PoolOnline}); an expansion drive of an
 * online pool, once connected, adds its size ({@code PoolExpanded}, mode add). Either way, after the commit,
 * {@link PoolCapacityChanged}.
 */
@ApplicationScoped
public class BringPoolOnline {

    static final String HANDLER = "drive-attached";
    private static final Logger LOG = Logger.getLogger(BringPoolOnline.class);

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    PoolCapacityNotices notices;

    public Uni<Void> on(DriveAttached event) {
        AtomicReference<String> grew = new AtomicReference<>();
        return intake.once(HANDLER, event.getEnvelope(), () -> attached(event).invoke(grew::set))
                .invoke(() -> notices.fire(grew.get())) // after the commit
                .replaceWithVoid();
    }

    /** Returns the pool whose capacity grew, or null. */
    private Uni<String> attached(DriveAttached event) {
        return CloudDriveRecord.<CloudDriveRecord>findById(event.getDriveName()).chain(drive -> {
            if (drive == null) {
                LOG.warnf("node=%s drive=%s attached, but it is no drive of a pool here", event.getNodeName(),
                        event.getDriveName());
                return Uni.createFrom().nullItem();
            }
            boolean newlyAttached = !drive.attached;
            drive.attached = true;
            drive.attachFailure = null;
            drive.detachedReason = null;
            return StoragePoolRecord.<StoragePoolRecord>findById(drive.poolId).chain(pool -> {
                if (StoragePoolRecord.PROVISIONING.equals(pool.state)) {
                    return CloudDriveRecord.<CloudDriveRecord>list("poolId", pool.poolId)
                            .chain(drives -> maybeOnline(event, pool, drives));
                }
                if (StoragePoolRecord.ONLINE.equals(pool.state) && newlyAttached
                        && CloudDriveRecord.EXPANSION.equals(drive.purpose)) {
                    return added(event, pool, drive);
                }
                return Uni.createFrom().nullItem();
            });
        });
    }

    private Uni<String> maybeOnline(DriveAttached event, StoragePoolRecord pool, List<CloudDriveRecord> drives) {
        long waiting = drives.stream().filter(d -> !d.attached || !d.provisioned()).count();
        if (drives.isEmpty() || waiting > 0) {
            LOG.infof("pool=%s node=%s drive=%s attached; %d of %d drives still to attach", pool.poolId,
                    pool.nodeName, event.getDriveName(), waiting, drives.size());
            return Uni.createFrom().nullItem();
        }
        pool.state = StoragePoolRecord.ONLINE;
        pool.capacityBytes = drives.stream().mapToLong(d -> d.sizeBytes).sum();
        pool.updatedAt = OffsetDateTime.now(clock);
        List<String> names = drives.stream().sorted(Comparator.comparingInt(d -> d.driveIndex))
                .map(d -> d.driveName).toList();
        LOG.infof("pool=%s node=%s online: %d drives, capacity=%d", pool.poolId, pool.nodeName, names.size(),
                pool.capacityBytes);
        return outbox.record(PoolOnline.newBuilder()
                        .setEnvelope(envelopes.causedBy(pool.nodeName, event.getEnvelope()))
                        .setNodeName(pool.nodeName)
                        .setPoolId(pool.poolId)
                        .setCapacityBytes(pool.capacityBytes)
                        .setDrives(names)
                        .setRegion(pool.region)
                        .setZone(pool.zone)
                        .build())
                .replaceWith(pool.poolId);
    }

    private Uni<String> added(DriveAttached event, StoragePoolRecord pool, CloudDriveRecord drive) {
        long previous = pool.capacityBytes;
        pool.capacityBytes += drive.sizeBytes;
        pool.updatedAt = OffsetDateTime.now(clock);
        LOG.infof("pool=%s node=%s expanded by drive=%s: capacity %d -> %d", pool.poolId, pool.nodeName,
                drive.driveName, previous, pool.capacityBytes);
        return outbox.record(PoolExpanded.newBuilder()
                        .setEnvelope(envelopes.causedBy(pool.nodeName, event.getEnvelope()))
                        .setNodeName(pool.nodeName)
                        .setPoolId(pool.poolId)
                        .setMode("add")
                        .setPreviousCapacityBytes(previous)
                        .setCapacityBytes(pool.capacityBytes)
                        .setUsedBytes(pool.usedBytes)
                        .setDrives(List.of(drive.driveName))
                        .build())
                .replaceWith(pool.poolId);
    }
}
