package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.events.pools.PoolExpanded;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.domain.PoolExpansion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Expansion by growing: each drive is resized on its array to a target computed from its stored size (so a
 * check repeated after a crash asks for the same size, which the array already has), then the new sizes, the
 * crossing and {@code DriveResized} per drive + {@code PoolExpanded(grow)} commit together — unless another
 * check acted first. An array's final refusal is reported as {@code PoolExpansionBlocked}.
 */
@ApplicationScoped
public class GrowPoolDrives {

    private static final Logger LOG = Logger.getLogger(GrowPoolDrives.class);

    @Inject
    ArrayVolumes arrays;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    PoolCapacityNotices notices;

    @Inject
    PoolExpansionRecords records;

    @Inject
    Clock clock;

    /** Grows the drives on their arrays (each to a target from the stored size: repeating is harmless), then records. */
    public Uni<Void> grow(StoragePoolRecord pool, List<CloudDriveRecord> poolDrives, long used, PoolExpansion.Grow grow) {
        List<Uni<ArrayOutcome>> resizes = new ArrayList<>();
        for (PoolExpansion.Resize resize : grow.resizes()) {
            CloudDriveRecord drive = poolDrives.stream().filter(d -> d.driveName.equals(resize.drive()))
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
        pool.updatedAt = OffsetDateTime.now(clock);
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
            PoolExpansionRecords.logBlocked(true, pool, refused.reason(), refused.message());
            chain = chain.chain(() -> outbox.record(records.blocked(pool, used, refused.reason(), refused.message())));
        }
        return chain;
    }
}
