package dev.mooring.health.service;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.health.domain.NodeRole;
import dev.mooring.health.repository.NodeHealthRecord;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * What the replacement choice needs to know of each node, from {@code mooring.nodes}: its storage role
 * (provisioner), region and zone (topology), whether its initiators are known and whether Kubernetes still has
 * it (topology's NodeObserved). Each fact that could make a node a candidate brings every blocked takeover's
 * retry forward, in the same transaction as the inbox claim. A role this service does not know is poison: it is
 * dead-lettered (and can be replayed once health-svc knows it), never applied half.
 */
@ApplicationScoped
public class NodeFacts {

    static final String HANDLER = "node-facts";
    private static final Logger LOG = Logger.getLogger(NodeFacts.class);

    @Inject
    NodeHealthRepository nodes;

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    LivenessLoop loop;

    public Uni<Void> roleAssigned(NodeStorageRoleAssigned e) {
        NodeRole role = NodeRole.parse(e.getRole());
        if (role == null) {
            return Uni.createFrom().failure(new PoisonEventException("node " + e.getNodeName() + ": unknown storage"
                    + " role '" + e.getRole() + "' (known: storage, storageless)"));
        }
        return update(e, e.getNodeName(), r -> {
            r.role = role.name();
            r.poolId = role == NodeRole.storage ? e.getPoolId() : null;
            if (e.getRegion() != null) {
                r.region = e.getRegion();
            }
            if (e.getZone() != null) {
                r.zone = e.getZone();
            }
        });
    }

    public Uni<Void> topologyAssigned(NodeTopologyAssigned e) {
        return update(e, e.getNodeName(), r -> {
            r.region = e.getRegion();
            r.zone = e.getZone();
        });
    }

    public Uni<Void> observed(NodeObserved e) {
        return update(e, e.getNodeName(), r -> {
            r.initiatorsKnown = !e.getIscsiIqns().isEmpty() || !e.getFcWwns().isEmpty();
            r.ready = e.getReady() ? "True" : "False";
            r.removed = e.getRemoved();
        });
    }

    /** Applies one node fact once (inbox), creating the node's row when it is the first thing known of it. */
    Uni<Void> update(SpecificRecord event, String name, Consumer<NodeHealthRecord> change) {
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        return intake.once(HANDLER, envelope, () -> nodes.lockOrCreate(name, Times.stored(clock.instant()))
                .chain(record -> {
                    change.accept(record);
                    record.updatedAt = Times.stored(clock.instant());
                    LOG.debugf("node=%s %s: role=%s region=%s zone=%s initiators=%s", name,
                            EventCatalog.typeName(event), record.role, record.region, record.zone,
                            record.initiatorsKnown);
                    return nodes.wakePendingTakeovers(Times.stored(clock.instant()));
                }))
                .invoke(applied -> {
                    if (applied) {
                        loop.wake(); // a blocked takeover's retry was brought forward to now
                    }
                })
                .replaceWithVoid();
    }
}
