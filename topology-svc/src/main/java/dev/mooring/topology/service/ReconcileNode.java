package dev.mooring.topology.service;

import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.topology.domain.LabelPatch;
import dev.mooring.topology.domain.LabelWriteBack;
import dev.mooring.topology.domain.ManagedLabels;
import dev.mooring.topology.domain.NodeTopology;
import dev.mooring.topology.domain.ObservedNode;
import dev.mooring.topology.domain.TopologyDefaults;
import dev.mooring.topology.domain.TopologyDerivation;
import dev.mooring.topology.repository.NodeRecord;
import dev.mooring.topology.repository.NodeRepository;
import dev.mooring.topology.repository.PxEnvReport;
import dev.mooring.topology.repository.PxEnvRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One node, one transaction: derive its topology from what Kubernetes says of it now and what it reported
 * from px_env, store both, and record {@code NodeObserved} (labels, initiators or readiness changed) and
 * {@code NodeTopologyAssigned} (derived topology changed) in the outbox in that same transaction — only when
 * something changed against what is stored, so a resync, a restart or an unrelated change emits nothing. New
 * conflicts become a {@code TopologyConflict} Event on the Node, recorded in that transaction too (the kit writes
 * it once it committed). The labels to write are returned; the {@link TopologyController} writes them after the
 * commit.
 */
@ApplicationScoped
public class ReconcileNode {

    /** The Event reason for conflicting topology inputs. */
    public static final String TOPOLOGY_CONFLICT = "TopologyConflict";

    private static final Logger LOG = Logger.getLogger(ReconcileNode.class);

    @Inject
    NodeRepository nodes;

    @Inject
    PxEnvRepository pxEnvs;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    Clock clock;

    /** What to do in Kubernetes once the transaction committed: the labels to write, if any. */
    public record Outcome(LabelPatch labels, boolean observedChanged, boolean topologyChanged) {

        static Outcome nothing() {
            return new Outcome(null, false, false);
        }
    }

    /**
     * The node exists in Kubernetes as {@code node} (object uid {@code uid}), with the managed-labels annotation
     * {@code managedAnnotation}.
     */
    public Uni<Outcome> observed(ObservedNode node, String uid, String managedAnnotation, TopologyDefaults defaults,
                                 String correlationId) {
        // Under the node's lock: both instances' watchers see every Node, and the second must read what the first
        // recorded (so it neither inserts the row again nor announces the same topology twice).
        return Panache.withTransaction(() -> lockNode(node.name()).chain(() -> nodes.findById(node.name()))
                .chain(record -> pxEnvs.findById(node.name())
                        .chain(report -> apply(record, report, node, uid, managedAnnotation, defaults,
                                correlationId))));
    }

    private Uni<Outcome> apply(NodeRecord existing, PxEnvReport report, ObservedNode node, String uid,
                               String managedAnnotation, TopologyDefaults defaults, String correlationId) {
        Map<String, String> pxEnv = report == null ? Map.of() : report.values();
        NodeTopology derived = TopologyDerivation.derive(ManagedLabels.parse(managedAnnotation)
                .userLabels(node.labels()), pxEnv, defaults);
        LabelPatch patch = LabelWriteBack.plan(node.labels(), managedAnnotation, derived);

        boolean fresh = existing == null;
        NodeRecord record = fresh ? new NodeRecord() : existing;
        boolean returned = !fresh && record.removed;
        boolean observedChanged = fresh || returned || !record.observed().equals(node);
        boolean topologyChanged = !record.topologyAssigned || !record.topology().equals(derived);
        OffsetDateTime now = OffsetDateTime.now(clock);

        List<Uni<Void>> steps = new ArrayList<>();
        if (fresh) {
            record.name = node.name();
            record.observedAt = now;
            record.observed(node);
            steps.add(nodes.persist(record).replaceWithVoid());
        }
        if (observedChanged) {
            record.removed = false;
            record.observed(node);
            record.observedAt = now;
            LOG.infof("node=%s observed: ready=%s labels=%d iqns=%s wwns=%s", node.name(), node.ready(),
                    node.labels().size(), node.iscsiIqns(), node.fcWwns());
            steps.add(outbox.record(observedEvent(record, false, correlationId)));
        }
        if (topologyChanged) {
            record.topology(derived);
            record.topologyAssigned = true;
            record.topologyChangedAt = now;
            LOG.infof("node=%s topology region=%s (%s) zone=%s (%s) rack=%s (%s)%s", node.name(),
                    derived.region().value(), derived.region().source(), derived.zone().value(),
                    derived.zone().source(), derived.rack().value(), derived.rack().source(),
                    derived.conflicts().isEmpty() ? "" : " conflicts=" + derived.conflicts());
            steps.add(outbox.record(topologyEvent(record, derived, correlationId)));
        }
        // A conflict already recorded as an Event is not recorded again; one that went away may come back.
        List<String> reported = new ArrayList<>(record.conflictsReported());
        reported.retainAll(derived.conflicts());
        if (!reported.equals(record.conflictsReported())) {
            record.conflictsReported(reported);
        }
        List<String> toReport = new ArrayList<>(derived.conflicts());
        toReport.removeAll(reported);
        if (!toReport.isEmpty()) {
            record.conflictsReported(derived.conflicts());
            steps.add(kubeEvents.record(conflictNotice(node.name(), uid, toReport)));
        }

        Outcome outcome = new Outcome(patch, observedChanged, topologyChanged);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<Void> step : steps) {
            chain = chain.chain(() -> step);
        }
        return chain.replaceWith(outcome);
    }

    /** Held until the transaction ends; also taken by px_env reports of the node. */
    static Uni<Void> lockNode(String name) {
        return TransactionLocks.hold("topology-node:" + name);
    }

    /** The node is gone from Kubernetes: report it removed and forget its topology (it is announced anew if it returns). */
    public Uni<Outcome> deleted(String name, String correlationId) {
        return Panache.withTransaction(() -> lockNode(name).chain(() -> nodes.findById(name)).chain(record -> {
            if (record == null || record.removed) {
                return Uni.createFrom().item(Outcome.nothing());
            }
            record.removed = true;
            record.ready = false;
            record.observedAt = OffsetDateTime.now(clock);
            record.topology(new NodeTopology(null, null, null, List.of()));
            record.topologyAssigned = false;
            record.topologyChangedAt = record.observedAt;
            record.conflictsReported(List.of());
            LOG.infof("node=%s removed from Kubernetes", name);
            return outbox.record(observedEvent(record, true, correlationId))
                    .replaceWith(new Outcome(null, true, false));
        }));
    }

    /**
     * A Warning: the node's topology inputs conflict, and the levels concerned are left unset. The conflicts are the
     * occurrence: the same ones again (after they went away and came back) refresh the one Event.
     */
    private static Notice conflictNotice(String node, String uid, List<String> conflicts) {
        String message = "Conflicting topology inputs, not guessed: " + String.join("; ", conflicts)
                + ". Each such level is left unset and Mooring writes no px/ label for it; correct the labels, or"
                + " set px/region, px/zone or px/rack on the node to choose.";
        return new Notice(Subject.node(node, uid), KubeEvents.WARNING, TOPOLOGY_CONFLICT, message,
                String.join("\n", conflicts));
    }

    /** Names of the nodes stored as existing; after a restart, those Kubernetes no longer has were deleted meanwhile. */
    public Uni<List<String>> liveNodeNames() {
        return Panache.withSession(() -> nodes.live()).map(list -> list.stream().map(r -> r.name).toList());
    }

    private NodeObserved observedEvent(NodeRecord record, boolean removed, String correlationId) {
        ObservedNode node = record.observed();
        return NodeObserved.newBuilder()
                .setEnvelope(envelopes.caused(record.name, correlationId))
                .setNodeName(record.name)
                .setLabels(Map.copyOf(node.labels()))
                .setIscsiIqns(node.iscsiIqns())
                .setFcWwns(node.fcWwns())
                .setReady(!removed && node.ready())
                .setRemoved(removed)
                .build();
    }

    private NodeTopologyAssigned topologyEvent(NodeRecord record, NodeTopology topology, String correlationId) {
        return NodeTopologyAssigned.newBuilder()
                .setEnvelope(envelopes.caused(record.name, correlationId))
                .setNodeName(record.name)
                .setRegion(topology.region().value())
                .setRegionSource(topology.region().source())
                .setZone(topology.zone().value())
                .setZoneSource(topology.zone().source())
                .setRack(topology.rack().value())
                .setRackSource(topology.rack().source())
                .setConflicts(topology.conflicts())
                .build();
    }
}
