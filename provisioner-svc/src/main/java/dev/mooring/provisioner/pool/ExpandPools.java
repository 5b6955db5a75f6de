package dev.mooring.provisioner.pool;

import dev.mooring.events.Failure;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.events.pools.PoolExpanded;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.pool.domain.DriveSpread;
import dev.mooring.provisioner.pool.domain.PoolExpansion;
import dev.mooring.provisioner.pool.domain.PoolUsage;
import dev.mooring.provisioner.pool.domain.StorageSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The periodic pool check ({@code mooring.storage.check-interval}): finishes drives an interrupted step left
 * unmade, reads each online pool's use (the arrays' space figures for its drives, and the replicas allocated
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
    ArrayVolumes arrays;

    @Inject
    PoolArrays poolArrays;

    @Inject
    ProvisionPoolDrives drives;

    @Inject
    ProvisionerConfig provisionerConfig;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    PoolCapacityNotices notices;

    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.checkInterval().toMillis(), id -> checkSoon());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs one check on a Vert.x context of its own, unless one is running. */
    public void checkSoon() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            try {
                checkAll().subscribe().with(done -> running.set(false), failure -> {
                    LOG.warnf("Pool check failed, next one in %s: %s", config.checkInterval(), failure.toString());
                    running.set(false);
                });
            } catch (RuntimeException e) {
                LOG.warnf("Pool check failed: %s", e.toString());
                running.set(false);
            }
        });
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
        return drives.provision(poolId).chain(() -> Panache.withSession(() -> StoragePoolRecord
                        .<StoragePoolRecord>findById(poolId).chain(pool -> CloudDriveRecord
                                .<CloudDriveRecord>list("poolId", poolId).map(list -> new Snapshot(pool, list)))))
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

    private Uni<Void> act(Snapshot snapshot, long used) {
        StoragePoolRecord pool = snapshot.pool();
        StorageSettings current = settings.settings();
        List<PoolExpansion.Drive> inPlace = snapshot.inPlace().stream()
                .map(d -> new PoolExpansion.Drive(d.driveName, d.sizeBytes)).toList();
        boolean addPending = snapshot.drives().size() > inPlace.size();
        PoolExpansion.Decision decision = PoolExpansion.decide(used, pool.capacityBytes, pool.overThreshold || addPending,
                inPlace, current);
        if (decision instanceof PoolExpansion.Below below) {
            return update(pool, used, below.crossingEnded() && !addPending ? Boolean.FALSE : null, List.of())
                    .replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.AlreadyActed) {
            return update(pool, used, null, List.of()).replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.Blocked blocked) {
            return update(pool, used, Boolean.TRUE, List.of(blocked(pool, used, blocked.reason(), blocked.message())))
                    .invoke(recorded -> logBlocked(recorded, pool, blocked.reason(), blocked.message()))
                    .replaceWithVoid();
        }
        if (decision instanceof PoolExpansion.Grow grow) {
            return grow(snapshot, used, grow);
        }
        return add(snapshot, used, (PoolExpansion.Add) decision);
    }

    /** Grows the drives on their arrays (each to a target from the stored size: repeating is harmless), then records. */
    private Uni<Void> grow(Snapshot snapshot, long used, PoolExpansion.Grow grow) {
        StoragePoolRecord pool = snapshot.pool();
        List<Uni<ArrayOutcome>> resizes = new ArrayList<>();
        for (PoolExpansion.Resize resize : grow.resizes()) {
            CloudDriveRecord drive = snapshot.drives().stream().filter(d -> d.driveName.equals(resize.drive()))
                    .findFirst().orElseThrow();
            resizes.add(Uni.createFrom().deferred(() -> arrays.resize(drive.driveName, List.of(drive.arrayName),
                    resize.toBytes())));
        }
        Uni<List<ArrayOutcome>> all = Uni.createFrom().item(new ArrayList<>());
        for (Uni<ArrayOutcome> resize : resizes) {
            all = all.chain(list -> resize.map(outcome -> {
                list.add(outcome);
                return list;
            }));
        }
        return all.chain(outcomes -> {
            List<PoolExpansion.Resize> done = new ArrayList<>();
            ArrayOutcome.Refused refusal = null;
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof ArrayOutcome.Done) {
                    done.add(grow.resizes().get(i));
                } else if (refusal == null) {
                    refusal = (ArrayOutcome.Refused) outcomes.get(i);
                }
            }
            if (refusal != null && refusal.retryable()) {
                LOG.infof("pool=%s expansion waits for an array: %s", pool.poolId, refusal.message());
                return Uni.createFrom().voidItem(); // the next check repeats it, to the same sizes
            }
            ArrayOutcome.Refused refused = refusal;
            return Panache.withTransaction(() -> StoragePoolRecord.<StoragePoolRecord>findById(pool.poolId)
                    .chain(fresh -> {
                        if (fresh.overThreshold || fresh.version != pool.version) {
                            return Uni.createFrom().item(false); // acted on by another check meanwhile
                        }
                        return recordGrowth(fresh, used, done, refused).replaceWith(!done.isEmpty());
                    })).invoke(grew -> {
                        if (grew) {
                            notices.fire(pool.poolId);
                        }
                    }).replaceWithVoid();
        });
    }

    private Uni<Void> recordGrowth(StoragePoolRecord pool, long used, List<PoolExpansion.Resize> done,
                                   ArrayOutcome.Refused refused) {
        long previous = pool.capacityBytes;
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PoolExpansion.Resize resize : done) {
            chain = chain.chain(() -> CloudDriveRecord.<CloudDriveRecord>findById(resize.drive()).chain(drive -> {
                drive.sizeBytes = resize.toBytes();
                return outbox.record(DriveResized.newBuilder()
                        .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                        .setNodeName(pool.nodeName)
                        .setPoolId(pool.poolId)
                        .setDriveName(drive.driveName)
                        .setArray(drive.arrayName)
                        .setPreviousSizeBytes(resize.fromBytes())
                        .setSizeBytes(resize.toBytes())
                        .build());
            }));
            pool.capacityBytes += resize.toBytes() - resize.fromBytes();
        }
        pool.overThreshold = true;
        pool.usedBytes = used;
        pool.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        if (!done.isEmpty()) {
            LOG.infof("pool=%s node=%s expanded (grow): capacity %d -> %d, used %d", pool.poolId, pool.nodeName,
                    previous, pool.capacityBytes, used);
            chain = chain.chain(() -> outbox.record(PoolExpanded.newBuilder()
                    .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                    .setNodeName(pool.nodeName)
                    .setPoolId(pool.poolId)
                    .setMode("grow")
                    .setPreviousCapacityBytes(previous)
                    .setCapacityBytes(pool.capacityBytes)
                    .setUsedBytes(used)
                    .setDrives(done.stream().map(PoolExpansion.Resize::drive).toList())
                    .build()));
        }
        if (refused != null) {
            logBlocked(true, pool, refused.reason(), refused.message());
            chain = chain.chain(() -> outbox.record(blocked(pool, used, refused.reason(), refused.message())));
        }
        return chain;
    }

    /** Plans one more drive (recorded with the crossing), then makes it as any other drive. */
    private Uni<Void> add(Snapshot snapshot, long used, PoolExpansion.Add add) {
        StoragePoolRecord pool = snapshot.pool();
        int index = snapshot.drives().stream().mapToInt(d -> d.driveIndex + 1).max().orElse(0);
        return poolArrays.facts().chain(facts -> {
            DriveSpread.Plan plan = DriveSpread.plan(List.of(add.sizeBytes()), index, pool.region, pool.zone, facts);
            if (plan instanceof DriveSpread.Refused refused) {
                if (refused.retryable()) {
                    return Uni.createFrom().voidItem();
                }
                return update(pool, used, Boolean.TRUE, List.of(blocked(pool, used, refused.reason(), refused.message())))
                        .invoke(recorded -> logBlocked(recorded, pool, refused.reason(), refused.message()))
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
                                fresh.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                                LOG.infof("pool=%s node=%s expands (add): drive %d of %d GiB on %s", pool.poolId,
                                        pool.nodeName, index, add.sizeBytes() / StorageSettings.GIB, placement.array());
                                return drives.drive(pool.poolId, placement, CloudDriveRecord.EXPANSION).persist()
                                        .replaceWithVoid();
                            }))
                    .chain(() -> drives.provision(pool.poolId));
        });
    }

    /** Stores the use (and the crossing flag when given) and records the events, unless the pool changed meanwhile. */
    private Uni<Boolean> update(StoragePoolRecord pool, long used, Boolean overThreshold,
                                List<org.apache.avro.specific.SpecificRecord> events) {
        boolean flagChanges = overThreshold != null && overThreshold != pool.overThreshold;
        if (pool.usedBytes == used && !flagChanges && events.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return Panache.withTransaction(() -> StoragePoolRecord.<StoragePoolRecord>findById(pool.poolId)
                .chain(fresh -> {
                    if (fresh.version != pool.version) {
                        return Uni.createFrom().item(false);
                    }
                    fresh.usedBytes = used;
                    if (overThreshold != null) {
                        fresh.overThreshold = overThreshold;
                    }
                    fresh.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (org.apache.avro.specific.SpecificRecord event : events) {
                        chain = chain.chain(() -> outbox.record(event));
                    }
                    return chain.replaceWith(true);
                }));
    }

    private static void logBlocked(boolean recorded, StoragePoolRecord pool, String reason, String message) {
        if (recorded) {
            LOG.warnf("pool=%s node=%s expansion blocked: %s: %s", pool.poolId, pool.nodeName, reason, message);
        }
    }

    private PoolExpansionBlocked blocked(StoragePoolRecord pool, long used, String reason, String message) {
        return PoolExpansionBlocked.newBuilder()
                .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                .setNodeName(pool.nodeName)
                .setPoolId(pool.poolId)
                .setUsedBytes(used)
                .setCapacityBytes(pool.capacityBytes)
                .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(false).build())
                .build();
    }
}
