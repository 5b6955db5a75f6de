package dev.mooring.provisioner.service;

import dev.mooring.provisioner.repository.PoolLocks;
import dev.mooring.provisioner.repository.StorageNodeRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.PoolNames;
import dev.mooring.provisioner.domain.StorageRoles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * {@code NodeTopologyAssigned} → storage node or storageless ({@code NodeStorageRoleAssigned}), decided once per
 * node under its zone's lock; a storage node's pool is recorded in the same transaction, with the job that makes
 * its drives ({@link ProvisionPoolDrives}).
 */
@ApplicationScoped
public class AssignStorageRole {

    static final String HANDLER = "assign-storage-role";
    private static final Logger LOG = Logger.getLogger(AssignStorageRole.class);

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    StorageSettingsSource settings;

    @Inject
    ProvisionPoolDrives drives;

    public Uni<Void> on(NodeTopologyAssigned event) {
        // Under the zone's lock (held until the commit): decisions of one zone are taken one at a time.
        return intake.once(HANDLER, event.getEnvelope(), () -> PoolLocks.zone(event.getRegion(), event.getZone())
                        .chain(() -> decide(event))
                        .chain(poolId -> poolId == null ? Uni.createFrom().voidItem() : drives.provisionLater(poolId)))
                .replaceWithVoid();
    }

    /** Records the decision; returns the pool whose drives are to be made now, or null. */
    private Uni<String> decide(NodeTopologyAssigned event) {
        String node = event.getNodeName();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return StorageNodeRecord.<StorageNodeRecord>findById(node).chain(existing -> {
            if (existing != null) {
                // The role stands (a storage node's pool stays where it is); the topology is kept current.
                if (!Objects.equals(existing.zone, event.getZone()) || !Objects.equals(existing.region, event.getRegion())
                        || !Objects.equals(existing.rack, event.getRack())) {
                    LOG.infof("node=%s topology now region=%s zone=%s rack=%s; it stays %s", node, event.getRegion(),
                            event.getZone(), event.getRack(), existing.role);
                    existing.region = event.getRegion();
                    existing.zone = event.getZone();
                    existing.rack = event.getRack();
                    existing.updatedAt = now;
                }
                return Uni.createFrom().item(StorageRoles.STORAGE.equals(existing.role) ? existing.poolId : null);
            }
            return StorageNodeRecord.count("role = ?1 and coalesce(region, '') = ?2 and coalesce(zone, '') = ?3",
                            StorageRoles.STORAGE, nullToEmpty(event.getRegion()), nullToEmpty(event.getZone()))
                    .chain(count -> {
                        StorageRoles.Decision decision = StorageRoles.decide(event.getRegion(), event.getZone(),
                                count.intValue(), settings.settings().maxStorageNodesPerZone());
                        return decision.storage() ? freePoolId(node, event)
                                .chain(poolId -> record(event, decision, poolId, now))
                                : record(event, decision, null, now);
                    });
        });
    }

    /** The node's pool id; when a pool of that id exists already (it moved away in a takeover), a fresh one. */
    private static Uni<String> freePoolId(String node, NodeTopologyAssigned event) {
        String poolId = PoolNames.poolId(node);
        return StoragePoolRecord.<StoragePoolRecord>findById(poolId).map(taken -> taken == null ? poolId
                : poolId + "-" + event.getEnvelope().getEventId().toString().substring(0, 8));
    }

    private Uni<String> record(NodeTopologyAssigned event, StorageRoles.Decision decision, String poolId,
                               OffsetDateTime now) {
        String node = event.getNodeName();
        StorageNodeRecord row = new StorageNodeRecord();
        row.nodeName = node;
        row.role = decision.role();
        row.region = event.getRegion();
        row.zone = event.getZone();
        row.rack = event.getRack();
        row.poolId = poolId;
        row.reason = decision.reason();
        row.updatedAt = now;
        LOG.infof("node=%s role=%s pool=%s: %s", node, decision.role(), poolId, decision.reason());
        Uni<Void> poolSaved = Uni.createFrom().voidItem();
        if (poolId != null) {
            StoragePoolRecord created = new StoragePoolRecord();
            created.poolId = poolId;
            created.nodeName = node;
            created.originNode = node;
            created.region = event.getRegion();
            created.zone = event.getZone();
            created.rack = event.getRack();
            created.state = StoragePoolRecord.PROVISIONING;
            created.updatedAt = now;
            created.correlationId = event.getEnvelope().getCorrelationId();
            poolSaved = created.persist().replaceWithVoid();
        }
        Uni<Void> pool = poolSaved;
        return row.persist().chain(() -> pool).chain(() -> outbox.record(NodeStorageRoleAssigned.newBuilder()
                        .setEnvelope(envelopes.causedBy(node, event.getEnvelope()))
                        .setNodeName(node)
                        .setRole(decision.role())
                        .setRegion(event.getRegion())
                        .setZone(event.getZone())
                        .setPoolId(poolId)
                        .setReason(decision.reason())
                        .build()))
                .replaceWith(poolId);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
