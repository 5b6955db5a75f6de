package dev.mooring.provisioner.service;

import dev.mooring.provisioner.array.PoolArrays;
import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.provisioner.domain.placement.DriveSpread;
import dev.mooring.provisioner.domain.PoolExpansion;
import dev.mooring.provisioner.domain.StorageSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Expansion by adding a drive: the drive is planned like the pool's first ones and recorded with the crossing,
 * then made by its job ({@code DriveProvisioned(purpose=expansion)}); {@code PoolExpanded(add)} follows when attach-svc
 * reports it attached ({@link BringPoolOnline}). No array with room: {@code PoolExpansionBlocked}.
 */
@ApplicationScoped
public class AddPoolDrive {

    private static final Logger LOG = Logger.getLogger(AddPoolDrive.class);

    @Inject
    PoolArrays poolArrays;

    @Inject
    ProvisionPoolDrives drives;

    @Inject
    PoolExpansionRecords records;

    @Inject
    Clock clock;

    /** Plans one more drive (recorded with the crossing), then makes it as any other drive. */
    public Uni<Void> add(StoragePoolRecord pool, List<CloudDriveRecord> poolDrives, long used, PoolExpansion.Add add) {
        int index = poolDrives.stream().mapToInt(d -> d.driveIndex + 1).max().orElse(0);
        return poolArrays.facts().chain(facts -> {
            DriveSpread.Plan plan = DriveSpread.plan(List.of(add.sizeBytes()), index, pool.region, pool.zone, facts);
            if (plan instanceof DriveSpread.Refused refused) {
                if (refused.retryable()) {
                    return Uni.createFrom().voidItem();
                }
                return records.update(pool, used, Boolean.TRUE, List.of(records.blocked(pool, used, refused.reason(), refused.message())))
                        .invoke(recorded -> PoolExpansionRecords.logBlocked(recorded, pool, refused.reason(), refused.message()))
                        .replaceWithVoid();
            }
            DriveSpread.Placement placement = ((DriveSpread.Placed) plan).drives().get(0);
            return Panache.withTransaction(() -> StoragePoolRecord.<StoragePoolRecord>findById(pool.poolId)
                            .chain(fresh -> {
                                if (fresh.overThreshold || fresh.version != pool.version) {
                                    return Uni.createFrom().voidItem();
                                }
                                fresh.overThreshold = true;
                                fresh.usedBytes = used;
                                fresh.updatedAt = OffsetDateTime.now(clock);
                                LOG.infof("pool=%s node=%s expands (add): drive %d of %d GiB on %s", pool.poolId,
                                        pool.nodeName, index, add.sizeBytes() / StorageSettings.GIB, placement.array());
                                // The drive row and the job that makes it commit together.
                                return drives.drive(pool.poolId, placement, CloudDriveRecord.EXPANSION).persist()
                                        .chain(() -> drives.provisionLater(pool.poolId));
                            }));
        });
    }
}
