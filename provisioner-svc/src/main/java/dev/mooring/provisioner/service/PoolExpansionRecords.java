package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.Failure;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/** Records a pool's use and crossing, with the events of the check, unless the pool changed meanwhile. */
@ApplicationScoped
public class PoolExpansionRecords {

    private static final Logger LOG = Logger.getLogger(PoolExpansionRecords.class);

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    Clock clock;

    /** Stores the use (and the crossing flag when given) and records the events, unless the pool changed meanwhile. */
    Uni<Boolean> update(StoragePoolRecord pool, long used, Boolean overThreshold,
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
                    fresh.updatedAt = OffsetDateTime.now(clock);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (org.apache.avro.specific.SpecificRecord event : events) {
                        chain = chain.chain(() -> outbox.record(event));
                    }
                    return chain.replaceWith(true);
                }));
    }

    static void logBlocked(boolean recorded, StoragePoolRecord pool, String reason, String message) {
        if (recorded) {
            LOG.warnf("pool=%s node=%s expansion blocked: %s: %s", pool.poolId, pool.nodeName, reason, message);
        }
    }

    PoolExpansionBlocked blocked(StoragePoolRecord pool, long used, String reason, String message) {
        return PoolExpansionBlocked.newBuilder()
                .setEnvelope(envelopes.caused(pool.nodeName, pool.correlationId))
                .setNodeName(pool.nodeName)
                .setPoolId(pool.poolId)
                .setUsedBytes(used)
                .setCapacityBytes(pool.capacityBytes)
                .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(false).build())
                .build();
    }}
