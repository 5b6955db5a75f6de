package dev.mooring.attach.service;

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
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code NodeTakeoverDecided} → the fence, then the move. First, in the transaction that claims the event: the
 * takeover recorded ({@code Fencing}), the failed node's drives given to the replacement ({@code Moving}: connected to
 * nobody yet), the failed node's attachments fenced ({@code Failed}/{@code NodeFenced}, with {@code AttachFailed}:
 * the single-writer rule lets another node have their volumes, and nothing restores them) and a {@value #RESUME} job
 * (key = the failed node). From then on nothing in attach-svc connects the failed node's host to those drives or
 * volumes. Each run of the job carries out one phase and commits its outcome with the job's end: {@link FenceNode}
 * (every connection of the failed host removed on every registered array, confirmed by listing again) and, only once
 * {@code Fenced}, {@link MoveDrives}. Each phase is stored, so a restart or the retry pass ({@link RetryWaitingWork},
 * which asks for a job for every unfinished takeover) resumes where it stopped; each is safe to repeat. See
 * attach-svc/DESIGN.md.
 */
@ApplicationScoped
public class TakeOverNode implements JobHandler {

    static final String DECIDED = "takeover-decided";
    static final String IDENTITY = "takeover-identity";
    /** The job that carries out a takeover's next phase. */
    static final String RESUME = "resume-takeover";
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
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents attachmentEvents;

    @Inject
    FenceNode fence;

    @Inject
    NodeFences fences;

    @Inject
    MoveDrives move;

    @Inject
    Clock clock;

    /** What a resume job carries: the takeover. */
    public record Work(String takeoverId) {
    }

    @Override
    public String kind() {
        return RESUME;
    }

    public Uni<Void> on(NodeTakeoverDecided event) {
        return intake.once(DECIDED, event.getEnvelope(), () -> takeovers.findById(event.getTakeoverId())
                .chain(existing -> existing != null
                        ? Uni.createFrom().voidItem() // the same takeover announced again: it is under way
                        : recordFence(event))
                .chain(() -> jobs.enqueueUnlessWaiting(RESUME, event.getFailedNode(),
                        new Work(event.getTakeoverId())))).replaceWithVoid();
    }

    public Uni<Void> on(NodeIdentityTransferred event) {
        return intake.once(IDENTITY, event.getEnvelope(), () -> takeovers.findById(event.getTakeoverId()).invoke(t -> {
            LOG.infof("takeover=%s node=%s identity transferred to %s%s", event.getTakeoverId(),
                    event.getFailedNode(), event.getReplacementNode(), t == null ? " (takeover unknown here)" : "");
            if (t != null) {
                t.identityTransferredAt = OffsetDateTime.now(clock);
            }
        })).replaceWithVoid();
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
        t.decidedAt = OffsetDateTime.now(clock);
        t.updatedAt = t.decidedAt;
        // The node's fence epoch first: this waits for every connect to its hosts under way (and takes the row lock
        // before any drive or attachment row, the order a connect never reverses), and refuses every later one.
        return fences.fence(failed, t.takeoverId)
                .chain(() -> takeovers.persist(t))
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
                                        AttachFailureReason.NodeFenced, a.failureMessage,
                                        Cause.of(event.getEnvelope()))));
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

    /**
     * Carries out the takeover's next phase; the phase's outcome commits with the job's end, and a fence confirmed
     * asks for the next job (the move), which runs right after on the same key.
     */
    @Override
    public Uni<JobOutcome> run(Job job) {
        String takeoverId = job.payload(Work.class).takeoverId();
        return Panache.withSession(() -> takeovers.findById(takeoverId)).chain(t -> {
            if (t == null || t.phase.finished()) {
                return jobs.finishWith(job, () -> Uni.createFrom().voidItem());
            }
            MDC.put("correlationId", t.correlationId);
            if (t.phase == TakeoverPhase.Fencing) {
                return fence.run(t, fenced -> (fenced
                        ? jobs.enqueue(RESUME, t.failedNode, new Work(takeoverId)) : Uni.createFrom().voidItem())
                        .chain(() -> jobs.finish(job))).replaceWithVoid();
            }
            return move.run(t, moved -> jobs.finish(job)).replaceWithVoid();
        }).replaceWith(JobOutcome.done());
    }
}
