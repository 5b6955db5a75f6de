package dev.mooring.provisioner.service;

import dev.mooring.provisioner.array.PoolArrays;
import dev.mooring.provisioner.config.StorageConfig;
import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.Failure;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.events.pools.PoolProvisioningFailed;
import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.jobs.JobsConfig;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.placement.DriveSpread;
import dev.mooring.provisioner.domain.placement.Topology;
import dev.mooring.provisioner.domain.PoolNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The {@code provision-pool-drives} job (keyed by the pool, so one pool's drives are worked on one run at a time,
 * by any instance): makes what a pool still lacks, in small steps that can each be repeated: first its drive plan
 * (names and arrays, recorded before any array call), then each planned drive on its array ("already exists" with
 * our name is the drive an earlier attempt made), each recorded with its {@code DriveProvisioned} once. A plan no
 * array can take (out of space, no array for the zone) fails the pool for good ({@code PoolProvisioningFailed});
 * while an array does not answer, the job runs again later with the job runner's backoff (at most the pool check's
 * interval apart).
 */
@ApplicationScoped
public class ProvisionPoolDrives implements JobHandler {

    public static final String KIND = "provision-pool-drives";

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

    @Inject
    Jobs jobs;

    @Inject
    JobsConfig jobsConfig;

    @Inject
    StorageConfig storageConfig;

    @Inject
    Clock clock;

    private record PoolState(StoragePoolRecord pool, List<CloudDriveRecord> drives) {
    }

    /** What a {@code provision-pool-drives} job is about. */
    public record Work(String poolId) {
    }

    /** In the caller's transaction: the pool's missing drives are made once it commits. */
    public Uni<Void> provisionLater(String poolId) {
        return jobs.enqueue(KIND, poolId, new Work(poolId));
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Done when every drive is made or the pool failed; again later while an array does not answer. */
    @Override
    public Uni<JobOutcome> run(Job job) {
        String poolId = job.payload(Work.class).poolId();
        return load(poolId)
                .chain(state -> {
                    if (state.pool() == null || StoragePoolRecord.FAILED.equals(state.pool().state)) {
                        return Uni.createFrom().item(true);
                    }
                    if (state.drives().isEmpty() && StoragePoolRecord.PROVISIONING.equals(state.pool().state)) {
                        return plan(state.pool()).chain(planned -> planned ? load(poolId).chain(this::createMissing)
                                : load(poolId).map(now -> now.pool() == null
                                        || StoragePoolRecord.FAILED.equals(now.pool().state)));
                    }
                    return createMissing(state);
                })
                .chain(complete -> {
                    if (complete) {
                        return Panache.withTransaction(() -> jobs.finish(job)).replaceWith(JobOutcome.done());
                    }
                    Duration wait = new Backoff(jobsConfig.retry().initial(), min(jobsConfig.retry().max(),
                            storageConfig.checkInterval())).after(job.attempts());
                    return Uni.createFrom().item(JobOutcome.runAgain(wait, "pool " + poolId
                            + ": drives not all made yet; an array does not answer"));
                });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
        drive.createdAt = OffsetDateTime.now(clock);
        return drive;
    }

    /**
     * Makes every planned drive that does not exist yet, in index order, stopping at the first that cannot be;
     * true when nothing is left to try (all made, or refused for good).
     */
    private Uni<Boolean> createMissing(PoolState state) {
        List<CloudDriveRecord> missing = state.drives().stream().filter(d -> !d.provisioned())
                .sorted(Comparator.comparingInt(d -> d.driveIndex)).toList();
        Uni<Boolean> chain = Uni.createFrom().item(true);
        for (CloudDriveRecord drive : missing) {
            chain = chain.chain(goOn -> goOn ? create(drive) : Uni.createFrom().item(false));
        }
        return chain.chain(allMade -> allMade ? Uni.createFrom().item(true) : load(state.pool().poolId)
                .map(now -> now.pool() == null || StoragePoolRecord.FAILED.equals(now.pool().state)
                        || now.drives().stream().allMatch(CloudDriveRecord::provisioned)));
    }

    /** True when the drive is made; false when it is not, for now or for good. */
    private Uni<Boolean> create(CloudDriveRecord drive) {
        return arrays.createOn(drive.arrayName, new ArrayVolumes.Request(drive.driveName, drive.sizeBytes,
                        Optional.empty(), null, null, Topology.UNKNOWN))
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
            pool.updatedAt = OffsetDateTime.now(clock);
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
