package dev.mooring.provisioner.service;

import dev.mooring.provisioner.config.StorageConfig;
import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.provisioner.domain.PoolExpansion;
import dev.mooring.provisioner.domain.PoolUsage;
import dev.mooring.provisioner.domain.StorageSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.mooring.kit.background.BackgroundWork;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The periodic pool check ({@code mooring.storage.check-interval}, one run at a time): reads each online pool's use (the arrays' space figures for its drives, and the replicas allocated
 * from it), and expands a pool that crossed its threshold once per crossing: grown drives
 * ({@code DriveResized} + {@code PoolExpanded}), an added drive ({@code DriveProvisioned(purpose=expansion)},
 * {@code PoolExpanded} once it is attached), or {@code PoolExpansionBlocked}. The crossing is stored with the
 * pool, and grow targets follow from the stored sizes, so a restart repeats nothing that was done.
 */
@ApplicationScoped
public class ExpandPools {

    private static final Logger LOG = Logger.getLogger(ExpandPools.class);

    @Inject
    StorageConfig config;

    @Inject
    StorageSettingsSource settings;

    @Inject
    ArrayDirectory directory;

    @Inject
    PoolExpansionRecords records;

    @Inject
    GrowPoolDrives growth;

    @Inject
    AddPoolDrive addition;

    @Inject
    BackgroundWork background;

    @Inject
    PoolCapacityNotices notices;

    void onStart(@Observes StartupEvent event) {
        background.periodic("pool-check", config.checkInterval(), this::checkAll);
    }

    Uni<Void> checkAll() {
        return Panache.withSession(() -> StoragePoolRecord.<StoragePoolRecord>list("state <> ?1 order by poolId",
                StoragePoolRecord.FAILED)).chain(pools -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (StoragePoolRecord pool : pools) {
                        chain = chain.chain(() -> check(pool)
                                .onFailure().invoke(e -> LOG.warnf("pool=%s check failed: %s", pool.poolId, e.toString()))
                                .onFailure().recoverWithNull().replaceWithVoid());
                    }
                    return chain;
                });
    }

    private Uni<Void> check(StoragePoolRecord listed) {
        String poolId = listed.poolId;
        // Log lines of the check carry the correlation id of the request that made the pool.
        MDC.put("correlationId", listed.correlationId);
        return Panache.withSession(() -> StoragePoolRecord
                        .<StoragePoolRecord>findById(poolId).chain(pool -> CloudDriveRecord
                                .<CloudDriveRecord>list("poolId", poolId).map(list -> new Snapshot(pool, list))))
                .chain(snapshot -> snapshot.pool() == null || !StoragePoolRecord.ONLINE.equals(snapshot.pool().state)
                        ? Uni.createFrom().voidItem() : measure(snapshot));
    }

    private record Snapshot(StoragePoolRecord pool, List<CloudDriveRecord> drives) {
        List<CloudDriveRecord> inPlace() {
            // An expansion drive counts once it is attached (then it is in the capacity too).
            return drives.stream().filter(d -> d.provisioned() && d.attached)
                    .sorted(Comparator.comparingInt(d -> d.driveIndex)).toList();
        }
    }

    /** Reads the pool's use; with an array silent, nothing is decided on partial figures. */
    private Uni<Void> measure(Snapshot snapshot) {
        List<CloudDriveRecord> inPlace = snapshot.inPlace();
        List<Uni<Long>> reads = inPlace.stream().map(this::written).toList();
        Uni<Long> written = reads.isEmpty() ? Uni.createFrom().item(0L)
                : Uni.join().all(reads).andFailFast().map(list -> list.stream().mapToLong(Long::longValue).sum());
        return written.chain(onDrives -> allocated(snapshot.pool().poolId)
                .map(alloc -> PoolUsage.used(onDrives, alloc)))
                .chain(used -> act(snapshot, used));
    }

    private Uni<Long> written(CloudDriveRecord drive) {
        return directory.client(drive.arrayName)
                .map(client -> client.volumes().get(drive.driveName).map(volume -> volume.space() == null
                        || volume.space().used() == null ? 0L : volume.space().used()))
                .orElseGet(() -> Uni.createFrom().failure(new IllegalStateException("array " + drive.arrayName
                        + " of drive " + drive.driveName + " is not registered")));
    }

    private static Uni<Long> allocated(String poolId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT coalesce(sum(size_bytes), 0) FROM volume_replica WHERE pool_id = :pool",
                        Long.class)
                .setParameter("pool", poolId)
                .getSingleResult()));
    }

    /**
     * Less use recorded (a deleted volume's replicas gave their space back, data was removed): the pool has more
     * room, so volumes that could not be placed try again now instead of at the next periodic retry.
     */
    private void announceRoom(boolean recorded, StoragePoolRecord pool, long used) {
        if (recorded && used < pool.usedBytes) {
            notices.fire(pool.poolId);
        }
    }

    private Uni<Void> act(Snapshot snapshot, long used) {
        StoragePoolRecord pool = snapshot.pool();
        StorageSettings current = settings.settings();
        List<PoolExpansion.Drive> inPlace = snapshot.inPlace().stream()
                .map(d -> new PoolExpansion.Drive(d.driveName, d.sizeBytes)).toList();
        boolean addPending = snapshot.drives().size() > inPlace.size();
        PoolExpansion.Decision decision = PoolExpansion.decide(used, pool.capacityBytes, pool.overThreshold || addPending,
                inPlace, current);
        if (decision instanceof PoolExpansion.Below below) {
            return records.update(pool, used, below.crossingEnded() && !addPending ? Boolean.FALSE : null, List.of())
                    .invoke(recorded -> announceRoom(recorded, pool, used)).replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.AlreadyActed) {
            return records.update(pool, used, null, List.of()).invoke(recorded -> announceRoom(recorded, pool, used))
                    .replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.Blocked blocked) {
            return records.update(pool, used, Boolean.TRUE, List.of(records.blocked(pool, used, blocked.reason(),
                            blocked.message())))
                    .invoke(recorded -> PoolExpansionRecords.logBlocked(recorded, pool, blocked.reason(), blocked.message()))
                    .replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.Grow grow) {
            return growth.grow(pool, snapshot.drives(), used, grow);
        }
        return addition.add(pool, snapshot.drives(), used, (PoolExpansion.Add) decision);
    }

}
