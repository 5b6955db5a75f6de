package dev.mooring.provisioner.pool;

import dev.mooring.events.Failure;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.events.pools.PoolProvisioningFailed;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.pool.domain.DriveSpread;
import dev.mooring.provisioner.pool.domain.PoolNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Makes what a pool still lacks, in small steps that can each be repeated: first its drive plan (names and
 * arrays, recorded before any array call), then each planned drive on its array ("already exists" with our
 * name is the drive an earlier attempt made), each recorded with its {@code DriveProvisioned} once. A plan
 * no array can take (out of space, no array for the zone) fails the pool for good
 * ({@code PoolProvisioningFailed}); an array that does not answer is tried again by the periodic pool check.
 */
@ApplicationScoped
public class ProvisionPoolDrives {

    private static final Logger LOG = Logger.getLogger(ProvisionPoolDrives.class);

    @Inject
    ArrayVolumes arrays;

    @Inject
    PoolArrays poolArrays;

    @Inject
    StorageSettingsSource settings;

    @Inject
    ProvisionerConfig config;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    /** Pools being worked on by this instance: the consumer and the periodic check never overlap on one. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    private record PoolState(StoragePoolRecord pool, List<CloudDriveRecord> drives) {
    }

    public Uni<Void> provision(String poolId) {
        if (!busy.add(poolId)) {
            return Uni.createFrom().voidItem();
        }
        return load(poolId)
                .chain(state -> {
                    if (state.pool() == null || StoragePoolRecord.FAILED.equals(state.pool().state)) {
                        return Uni.createFrom().voidItem();
                    }
                    if (state.drives().isEmpty() && StoragePoolRecord.PROVISIONING.equals(state.pool().state)) {
                        return plan(state.pool()).chain(planned -> planned ? load(poolId).chain(this::createMissing)
                                : Uni.createFrom().voidItem());
                    }
                    return createMissing(state);
                })
                .onFailure().invoke(error -> LOG.warnf("pool=%s drives not all made yet (%s); the pool check "
                        + "tries again", poolId, error.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .eventually(() -> busy.remove(poolId));
    }

    private static Uni<PoolState> load(String poolId) {
        return Panache.withSession(() -> StoragePoolRecord.<StoragePoolRecord>findById(poolId)
                .chain(pool -> CloudDriveRecord.<CloudDriveRecord>list("poolId", poolId)
                        .map(drives -> new PoolState(pool, drives))));
    }

    /** Plans the pool's initial drives and records the plan; false when there is none (yet). */
    private Uni<Boolean> plan(StoragePoolRecord pool) {
        List<Long> sizes = settings.settings().driveSizesBytes();
        return poolArrays.facts().chain(facts -> {
            DriveSpread.Plan plan = DriveSpread.plan(sizes, 0, pool.region, pool.zone, facts);
            if (plan instanceof DriveSpread.Refused refused) {
                if (refused.retryable()) {
                    LOG.infof("pool=%s node=%s waits for arrays: %s", pool.poolId, pool.nodeName, refused.message());
                    return Uni.createFrom().item(false);
                }
                return fail(pool.poolId, refused.reason(), refused.message()).replaceWith(false);
            }
            List<DriveSpread.Placement> placements = ((DriveSpread.Placed) plan).drives();
            return Panache.withTransaction(() -> CloudDriveRecord.count("poolId", pool.poolId).chain(count -> {
                if (count > 0) {
                    return Uni.createFrom().item(true); // another attempt planned it first
                }
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (DriveSpread.Placement placement : placements) {
                    CloudDriveRecord drive = drive(pool.poolId, placement, CloudDriveRecord.INITIAL);
                    chain = chain.chain(() -> drive.persist().replaceWithVoid());
                }
                LOG.infof("pool=%s node=%s drives planned: %s", pool.poolId, pool.nodeName, placements);
                return chain.replaceWith(true);
            }));
        });
    }

    /** A drive row for a placement; its name is deterministic from the pool and the index. */
    CloudDriveRecord drive(String poolId, DriveSpread.Placement placement, String purpose) {
        CloudDriveRecord drive = new CloudDriveRecord();
        drive.driveName = PoolNames.driveName(config.volumeNamePrefix(), poolId, placement.index());
        drive.poolId = poolId;
        drive.arrayName = placement.array();
        drive.sizeBytes = placement.sizeBytes();
        drive.driveIndex = placement.index();
        drive.purpose = purpose;
        drive.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return drive;
    }

    /** Makes every planned drive that does not exist yet, in index order, stopping at the first that cannot be. */
    private Uni<Void> createMissing(PoolState state) {
        List<CloudDriveRecord> missing = state.drives().stream().filter(d -> !d.provisioned())
                .sorted(Comparator.comparingInt(d -> d.driveIndex)).toList();
        Uni<Boolean> chain = Uni.createFrom().item(true);
        for (CloudDriveRecord drive : missing) {
            chain = chain.chain(goOn -> goOn ? create(drive) : Uni.createFrom().item(false));
        }
        return chain.replaceWithVoid();
    }

    private Uni<Boolean> create(CloudDriveRecord drive) {
        return arrays.createOn(drive.arrayName, new ArrayVolumes.Request(drive.driveName, drive.sizeBytes,
                        Optional.empty(), null, null))
                .chain(outcome -> {
                    if (outcome instanceof ArrayOutcome.Done done) {
                        return recordMade(drive, done).replaceWith(true);
                    }
                    ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
                    if (refused.retryable()) {
                        LOG.infof("pool=%s drive=%s array=%s not made yet: %s", drive.poolId, drive.driveName,
                                drive.arrayName, refused.message());
                        return Uni.createFrom().item(false);
                    }
                    Uni<Void> failed = CloudDriveRecord.EXPANSION.equals(drive.purpose)
                            ? expansionRefused(drive, refused) : fail(drive.poolId, refused.reason(), refused.message());
                    return failed.replaceWith(false);
                });
    }

    /** The drive exists: its serial, and {@code DriveProvisioned} once (the update finds it unset only once). */
    private Uni<Void> recordMade(CloudDriveRecord drive, ArrayOutcome.Done done) {
        return Panache.withTransaction(() -> CloudDriveRecord.update(
                        "serial = ?1 where driveName = ?2 and serial is null", done.serial() == null ? "" : done.serial(),
                        drive.driveName)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : StoragePoolRecord.<StoragePoolRecord>findById(drive.poolId).chain(pool -> {
                            LOG.infof("pool=%s node=%s drive=%s array=%s size=%d serial=%s provisioned (%s)",
                                    pool.poolId, pool.nodeName, drive.driveName, drive.arrayName, drive.sizeBytes,
                                    done.serial(), drive.purpose);
                            return outbox.record(DriveProvisioned.newBuilder()
                                    .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                                    .setNodeName(pool.nodeName)
                                    .setPoolId(pool.poolId)
                                    .setDriveName(drive.driveName)
                                    .setArray(drive.arrayName)
                                    .setSizeBytes(drive.sizeBytes)
                                    .setSerial(done.serial() == null ? "" : done.serial())
                                    .setPurpose(drive.purpose)
                                    .build());
                        })));
    }

    /** The pool cannot be made: Failed, with {@code PoolProvisioningFailed}, once. */
    Uni<Void> fail(String poolId, String reason, String message) {
        return Panache.withTransaction(() -> StoragePoolRecord.<StoragePoolRecord>findById(poolId).chain(pool -> {
            if (pool == null || !StoragePoolRecord.PROVISIONING.equals(pool.state)) {
                return Uni.createFrom().voidItem();
            }
            pool.state = StoragePoolRecord.FAILED;
            pool.failureReason = reason;
            pool.failureMessage = message;
            pool.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            LOG.warnf("pool=%s node=%s provisioning failed: %s: %s", pool.poolId, pool.nodeName, reason, message);
            return outbox.record(PoolProvisioningFailed.newBuilder()
                    .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                    .setNodeName(pool.nodeName)
                    .setPoolId(pool.poolId)
                    .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(false).build())
                    .build());
        }));
    }

    /** An expansion drive the array refused: forgotten, and the expansion reported blocked (once: the row goes). */
    private Uni<Void> expansionRefused(CloudDriveRecord drive, ArrayOutcome.Refused refused) {
        return Panache.withTransaction(() -> CloudDriveRecord.delete("driveName = ?1 and serial is null",
                drive.driveName).chain(deleted -> deleted == 0 ? Uni.createFrom().voidItem()
                : StoragePoolRecord.<StoragePoolRecord>findById(drive.poolId).chain(pool -> {
                    LOG.warnf("pool=%s node=%s expansion drive=%s refused: %s", pool.poolId, pool.nodeName,
                            drive.driveName, refused.message());
                    return outbox.record(PoolExpansionBlocked.newBuilder()
                            .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                            .setNodeName(pool.nodeName)
                            .setPoolId(pool.poolId)
                            .setUsedBytes(pool.usedBytes)
                            .setCapacityBytes(pool.capacityBytes)
                            .setFailure(Failure.newBuilder().setReason(refused.reason()).setMessage(refused.message())
                                    .setRetryable(false).build())
                            .build());
                })));
    }
}
