package dev.mooring.attach.service;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code NodeTakeoverDecided} → the fence, then the move. First, in one transaction: the takeover recorded
 * ({@code Fencing}), the failed node's drives given to the replacement ({@code Moving}: connected to nobody yet) and
 * the failed node's attachments fenced ({@code Failed}/{@code NodeFenced}, with {@code AttachFailed}: the
 * single-writer rule lets another node have their volumes, and nothing restores them). From then on nothing in
 * attach-svc connects the failed node's host to those drives or volumes. Then {@link FenceNode} (every connection of
 * the failed host removed on every registered array, confirmed by listing again) and, only once {@code Fenced},
 * {@link MoveDrives}. Each phase is stored, so a restart or the retry loop resumes where it stopped; each is safe to
 * repeat. See attach-svc/DESIGN.md.
 */
@ApplicationScoped
public class TakeOverNode {

    static final String DECIDED = "takeover-decided";
    static final String IDENTITY = "takeover-identity";
    public static final String FENCED_REASON = "Fenced";
    private static final Logger LOG = Logger.getLogger(TakeOverNode.class);

    @Inject
    TakeoverRepository takeovers;

    @Inject
    DriveRepository drives;

    @Inject
    AttachmentRepository attachments;

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents attachmentEvents;

    @Inject
    AttachDrive attachDrive;

    @Inject
    FenceNode fence;

    @Inject
    MoveDrives move;

    @Inject
    SafeContext safeContext;

    @Inject
    AttachConfig config;

    @Inject
    Vertx vertx;

    /** Takeovers being worked on in this process: the event and the retry loop may meet. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        // Resumes unfinished takeovers (a restart, a fence an array could not confirm) and connects waiting drives.
        timer = vertx.setPeriodic(config.takeover().retryInterval().toMillis(), id -> {
            if (!stopping) {
                safeContext.run(this::tick).subscribe().with(n -> { }, e -> {
                    if (!stopping) {
                        LOG.warnf("Takeover retry pass failed, the next one tries again: %s", e.toString());
                    }
                });
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One retry pass: every unfinished takeover resumed, waiting drives connected. */
    public Uni<Void> tick() {
        return Panache.withSession(() -> takeovers.unfinished()).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Takeover t : list) {
                chain = chain.chain(() -> resume(t.takeoverId).onFailure().recoverWithUni(e -> {
                    LOG.warnf("takeover=%s not resumed this time: %s", t.takeoverId, e.toString());
                    return Uni.createFrom().voidItem();
                }));
            }
            return chain;
        }).chain(() -> attachDrive.retryWaiting().replaceWithVoid());
    }

    public Uni<Void> on(NodeTakeoverDecided event) {
        EventEnvelope envelope = event.getEnvelope();
        return Panache.withTransaction(() -> inbox.claim(DECIDED, envelope.getEventId()).chain(first -> !first
                ? Uni.createFrom().voidItem()
                : takeovers.findById(event.getTakeoverId()).chain(existing -> existing != null
                        ? Uni.createFrom().voidItem() // the same takeover announced again: it is under way
                        : recordFence(event))))
                .chain(() -> resume(event.getTakeoverId()));
    }

    public Uni<Void> on(NodeIdentityTransferred event) {
        return Panache.withTransaction(() -> inbox.claim(IDENTITY, event.getEnvelope().getEventId()).chain(first ->
                !first ? Uni.createFrom().voidItem() : takeovers.findById(event.getTakeoverId()).invoke(t -> {
                    LOG.infof("takeover=%s node=%s identity transferred to %s%s", event.getTakeoverId(),
                            event.getFailedNode(), event.getReplacementNode(), t == null ? " (takeover unknown here)"
                                    : "");
                    if (t != null) {
                        t.identityTransferredAt = RequestAttachment.now();
                    }
                }).replaceWithVoid()));
    }

    /** The fence, recorded before any array is touched: from this commit on, nothing reconnects the failed node. */
    private Uni<Void> recordFence(NodeTakeoverDecided event) {
        String failed = event.getFailedNode();
        String replacement = event.getReplacementNode();
        Takeover t = new Takeover();
        t.takeoverId = event.getTakeoverId();
        t.failedNode = failed;
        t.replacementNode = replacement;
        t.phase = TakeoverPhase.Fencing;
        t.correlationId = event.getEnvelope().getCorrelationId();
        t.causeEventId = event.getEnvelope().getEventId();
        t.decidedAt = RequestAttachment.now();
        t.updatedAt = t.decidedAt;
        return takeovers.persist(t)
                .chain(() -> drives.ofNode(failed)).invoke(owned -> owned.forEach(d -> {
                    d.previousNode = failed;
                    d.nodeName = replacement;
                    d.takeoverId = t.takeoverId;
                    d.state = DriveState.Moving;
                    d.failureReason = null;
                    d.failureMessage = null;
                    d.updatedAt = t.decidedAt;
                }))
                .chain(owned -> attachments.list("nodeName = ?1 and state in ?2", failed, List.of(
                        AttachmentState.Requested, AttachmentState.Attaching, AttachmentState.Attached,
                        AttachmentState.Failed)).invoke(held -> held.forEach(a -> fence(a, t)))
                        .invoke(held -> LOG.infof("takeover=%s node=%s fence recorded: %d drive(s) to %s, %d"
                                + " attachment(s) fenced", t.takeoverId, failed, owned.size(), replacement,
                                held.size()))
                        // Said where users look: AttachFailed puts the reason on the VolumeAttachment's status.
                        .call(held -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Attachment a : held) {
                                chain = chain.chain(() -> outbox.record(attachmentEvents.failed(a,
                                        AttachFailureReason.NodeFenced, a.failureMessage, event.getEnvelope())));
                            }
                            return chain;
                        }))
                // Its connections are the takeover's now: reconciliation needs no offline flag to leave them alone.
                .chain(() -> liveness.mark(failed, false));
    }

    private static void fence(Attachment a, Takeover t) {
        a.state = AttachmentState.Failed;
        a.failureReason = AttachFailureReason.NodeFenced.name();
        a.failureMessage = "Node " + a.nodeName + " was fenced by takeover " + t.takeoverId + " (replaced by "
                + t.replacementNode + "); its connections were removed and are never restored. Detach it, and attach"
                + " the volume where it is needed now";
        a.failureRetryable = false;
        a.updatedAt = t.decidedAt;
    }

    /** Runs the takeover's remaining phases. */
    public Uni<Void> resume(String takeoverId) {
        if (!running.add(takeoverId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> takeovers.findById(takeoverId)).chain(t -> {
            if (t == null || t.phase.finished()) {
                return Uni.createFrom().voidItem();
            }
            MDC.put("correlationId", t.correlationId);
            Uni<Boolean> step = t.phase == TakeoverPhase.Fencing ? fence.run(t) : move.run(t);
            return step.chain(progressed -> progressed ? again(takeoverId) : Uni.createFrom().voidItem());
        }).eventually(() -> running.remove(takeoverId));
    }

    private Uni<Void> again(String takeoverId) {
        running.remove(takeoverId);
        return resume(takeoverId);
    }
}
