package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StorageNodeRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.StorageRoles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code DrivesMoved} → the failed node's pool now belongs to the replacement (its id and origin stay), the
 * replacement is a storage node and the failed node storageless ({@code NodeStorageRoleAssigned} for both),
 * and {@code NodeIdentityTransferred} — once per takeover, whatever the delivery count or event id — then,
 * after the commit, {@link PoolCapacityChanged}.
 */
@ApplicationScoped
public class TransferNodeIdentity {

    static final String HANDLER = "transfer-node-identity";
    private static final Logger LOG = Logger.getLogger(TransferNodeIdentity.class);

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

    /** What the transfer moved; empty when it had been done already. */
    private record Moved(String poolId) {
    }

    public Uni<Void> on(DrivesMoved event) {
        AtomicReference<Moved> moved = new AtomicReference<>();
        return intake.once(HANDLER, event.getEnvelope(), () -> firstForTakeover(event)
                        .chain(first -> first ? transfer(event) : Uni.createFrom().item(Optional.<Moved>empty()))
                        .invoke(done -> done.ifPresent(moved::set)))
                .invoke(() -> { // after the commit
                    if (moved.get() != null) {
                        notices.fire(moved.get().poolId());
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Boolean> firstForTakeover(DrivesMoved event) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO pool_takeover (takeover_id, failed_node, replacement_node)"
                        + " VALUES (:id, :failed, :replacement) ON CONFLICT DO NOTHING")
                .setParameter("id", event.getTakeoverId())
                .setParameter("failed", event.getFailedNode())
                .setParameter("replacement", event.getReplacementNode())
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    private Uni<Optional<Moved>> transfer(DrivesMoved event) {
        String failed = event.getFailedNode();
        String replacement = event.getReplacementNode();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return StoragePoolRecord.<StoragePoolRecord>find("nodeName", failed).firstResult().chain(pool -> {
            String poolId = pool == null ? null : pool.poolId;
            if (pool == null) {
                LOG.warnf("takeover=%s node=%s has no pool here; the identity moves without one", event.getTakeoverId(),
                        failed);
            } else {
                pool.nodeName = replacement;
                pool.updatedAt = now;
            }
            // DrivesMoved says the drives are connected to the replacement's host now.
            Uni<Void> drivesConnected = poolId == null ? Uni.createFrom().voidItem()
                    : CloudDriveRecord.update("attached = true, detachedReason = null, attachFailure = null"
                            + " where poolId = ?1 and serial is not null", poolId).replaceWithVoid();
            String region = pool == null ? null : pool.region;
            String zone = pool == null ? null : pool.zone;
            String rack = pool == null ? null : pool.rack;
            return drivesConnected.chain(Panache::getSession)
                    .chain(session -> poolId == null ? Uni.createFrom().voidItem() : session
                            .createNativeQuery("UPDATE pool_takeover SET pool_id = :pool WHERE takeover_id = :id")
                            .setParameter("pool", poolId).setParameter("id", event.getTakeoverId())
                            .executeUpdate().replaceWithVoid())
                    .chain(() -> role(failed, StorageRoles.STORAGELESS, null, region, zone, rack,
                            "its pool " + poolId + " moved to " + replacement + " in takeover " + event.getTakeoverId(),
                            now, event.getEnvelope()))
                    .chain(() -> role(replacement, StorageRoles.STORAGE, poolId, region, zone, rack,
                            "took over pool " + poolId + " of " + failed + " in takeover " + event.getTakeoverId(),
                            now, event.getEnvelope()))
                    .chain(() -> {
                        LOG.infof("takeover=%s pool=%s moved from node=%s to node=%s", event.getTakeoverId(), poolId,
                                failed, replacement);
                        return outbox.record(NodeIdentityTransferred.newBuilder()
                                .setEnvelope(envelopes.causedBy(failed, event.getEnvelope()))
                                .setTakeoverId(event.getTakeoverId())
                                .setFailedNode(failed)
                                .setReplacementNode(replacement)
                                .setPoolId(poolId)
                                .build());
                    })
                    .replaceWith(Optional.of(new Moved(poolId)));
        });
    }

    private Uni<Void> role(String node, String role, String poolId, String region, String zone, String rack,
                           String reason, OffsetDateTime now, EventEnvelope cause) {
        return StorageNodeRecord.<StorageNodeRecord>findById(node).chain(row -> {
            boolean fresh = row == null;
            StorageNodeRecord recorded = fresh ? new StorageNodeRecord() : row;
            if (fresh) {
                recorded.nodeName = node;
                recorded.region = region;
                recorded.zone = zone;
                recorded.rack = rack;
            }
            recorded.role = role;
            recorded.poolId = poolId;
            recorded.reason = reason;
            recorded.updatedAt = now;
            Uni<Void> saved = fresh ? recorded.persist().replaceWithVoid() : Uni.createFrom().voidItem();
            return saved.chain(() -> outbox.record(NodeStorageRoleAssigned.newBuilder()
                    .setEnvelope(envelopes.causedBy(node, cause))
                    .setNodeName(node)
                    .setRole(role)
                    .setRegion(recorded.region)
                    .setZone(recorded.zone)
                    .setPoolId(poolId)
                    .setReason(reason)
                    .build()));
        });
    }
}
