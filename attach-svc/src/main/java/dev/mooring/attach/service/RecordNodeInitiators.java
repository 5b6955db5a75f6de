package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * A node's initiators, from its annotations (Node watcher) or its agent (REST). Annotations that name any
 * initiator win over the agent's report. When the effective initiators change, the node's hosts on the arrays
 * are brought in line, and attachments that failed for want of initiators are requested again.
 */
@ApplicationScoped
public class RecordNodeInitiators {

    private static final Logger LOG = Logger.getLogger(RecordNodeInitiators.class);

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    AttachmentRepository attachments;

    @Inject
    RequestAttachment requests;

    @Inject
    SyncNodeHosts sync;

    @Inject
    AttachDrive drives;

    @Inject
    Clock clock;

    /** What the node's annotations say, unparsed (a watcher passes them as they are). */
    public Uni<NodeInitiatorsRecord> fromAnnotations(String node, String iqnAnnotation, String wwnAnnotation) {
        NodeInitiators.Parsed parsed = NodeInitiators.parse(NodeInitiators.split(iqnAnnotation),
                NodeInitiators.split(wwnAnnotation));
        if (!parsed.valid()) {
            LOG.warnf("node=%s annotation values not used: %s", node, String.join("; ", parsed.problems()));
        }
        return record(node, r -> {
            r.annotationIqns = String.join(",", parsed.initiators().iqns());
            r.annotationWwns = String.join(",", parsed.initiators().wwns());
            r.annotationProblems = parsed.valid() ? null : String.join("; ", parsed.problems());
        }, "annotations");
    }

    /** What the node's agent reports (already validated by the REST layer). */
    public Uni<NodeInitiatorsRecord> fromAgent(String node, NodeInitiators initiators) {
        return record(node, r -> {
            r.agentIqns = String.join(",", initiators.iqns());
            r.agentWwns = String.join(",", initiators.wwns());
        }, "agent");
    }

    private Uni<NodeInitiatorsRecord> record(String node, java.util.function.Consumer<NodeInitiatorsRecord> change,
                                             String from) {
        // Under the node's lock: both instances' Node watchers see an annotation change, and the second must read
        // the row the first created instead of inserting it again.
        return Panache.withTransaction(() -> TransactionLocks.hold("node-initiators:" + node)
                .chain(() -> nodes.findById(node)).chain(found -> {
                    NodeInitiatorsRecord r = found != null ? found : newRecord(node);
                    String before = r.annotationIqns + r.annotationWwns + r.annotationProblems + r.agentIqns + r.agentWwns;
                    change.accept(r);
                    boolean changed = r.recompute();
                    boolean touched = found == null || changed
                            || !before.equals(r.annotationIqns + r.annotationWwns + r.annotationProblems + r.agentIqns
                                    + r.agentWwns);
                    if (!touched) {
                        return Uni.createFrom().item(new Outcome(r, false));
                    }
                    r.updatedAt = OffsetDateTime.now(clock);
                    if (changed) {
                        LOG.infof("node=%s initiators from %s: iqns=[%s] wwns=[%s] (source %s)", node, from, r.iqns,
                                r.wwns, r.source);
                    }
                    Uni<Void> saved = found != null ? Uni.createFrom().voidItem() : nodes.persist(r).replaceWithVoid();
                    return saved.chain(() -> changed && !r.effective().isEmpty() ? wakeWaiting(node)
                            : Uni.createFrom().voidItem()).replaceWith(new Outcome(r, changed));
                }))
                // Another writer created or changed the row since it was read: apply this change again on top.
                .onFailure(RecordNodeInitiators::lostRace).recoverWithUni(() -> record(node, change, from)
                        .map(r -> new Outcome(r, false)))
                .call(outcome -> outcome.changed() ? sync.sync(node).onFailure().recoverWithNull().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                // Drives waiting for the node's initiators are connected now (by jobs; after the hosts' sync).
                .call(outcome -> outcome.changed() && !outcome.record().effective().isEmpty()
                        ? Panache.withTransaction(() -> drives.wakeWaitingOf(node)).onFailure().recoverWithNull()
                        : Uni.createFrom().voidItem())
                .map(Outcome::record);
    }

    private record Outcome(NodeInitiatorsRecord record, boolean changed) {
    }

    private static boolean lostRace(Throwable failure) {
        return failure instanceof ConstraintViolationException
                || failure instanceof jakarta.persistence.OptimisticLockException
                || failure instanceof org.hibernate.StaleStateException;
    }

    /** Failures that new initiators may cure. */
    private static final List<String> CURABLE = List.of(AttachFailureReason.NoInitiators.name(),
            AttachFailureReason.InitiatorInUse.name(), AttachFailureReason.HostNameTaken.name(),
            AttachFailureReason.NoUsablePath.name());

    private Uni<Void> wakeWaiting(String node) {
        return attachments.failedOnNode(node, CURABLE).chain(waiting -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var a : waiting) {
                chain = chain.chain(() -> requests.again(a, a.correlationId).replaceWithVoid());
            }
            return chain;
        });
    }

    private static NodeInitiatorsRecord newRecord(String node) {
        NodeInitiatorsRecord r = new NodeInitiatorsRecord();
        r.nodeName = node;
        return r;
    }

    /** Every node's record, in name order. */
    public Uni<List<NodeInitiatorsRecord>> all() {
        return Panache.withSession(() -> nodes.listAll(io.quarkus.panache.common.Sort.by("nodeName")));
    }
}
