package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.metrics.RequestOutcomes;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code DetachRequested} → a {@value #HANDLER} job (key = volume id, after the volume's earlier attach) recorded
 * with the event's claim → the volume's connections to the node removed on every array that serves it, and checked
 * gone there → {@code VolumeDetached}. Only then is the attachment {@code Detached}, which frees a single-writer
 * volume for the next node (VolumeAttachments refused while it was held are requested again in the same
 * transaction). A detach that cannot finish (an array away) stays {@code Detaching} with the reason; the
 * reconciliation loop asks for it again, and nothing is reported detached before it is.
 */
@ApplicationScoped
public class DetachVolume implements JobHandler {

    static final String HANDLER = "detach-volume";
    private static final Logger LOG = Logger.getLogger(DetachVolume.class);

    @Inject
    AttachmentRepository attachments;

    @Inject
    RequestOutcomes outcomes;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    NodeHosts nodeHosts;

    @Inject
    ArraySteps steps;

    @Inject
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents events;

    @Inject
    RequestAttachment requests;

    @Inject
    VolumeAttachmentStatus vaStatus;

    @Inject
    Clock clock;

    /** What a detach job carries: the attachment, and the request it answers (none for a retry of the loop). */
    public record Work(String attachmentId, Cause cause) {
    }

    private record Plan(Attachment attachment, String volumeName, List<String> arrays, Map<String, NodeHost> hosts,
                        String sharedWith) {
    }

    @Override
    public String kind() {
        return HANDLER;
    }

    public Uni<Void> on(DetachRequested event) {
        return intake.once(HANDLER, event.getEnvelope(), () -> jobs.enqueue(HANDLER, event.getVolumeId(),
                new Work(event.getAttachmentId(), Cause.of(event.getEnvelope())))).replaceWithVoid();
    }

    /** The reconciliation loop's retry of a detach that could not finish, in the caller's transaction. */
    public Uni<Boolean> retry(Attachment a) {
        return jobs.enqueueUnlessWaiting(HANDLER, a.volumeId, new Work(a.id, null));
    }

    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        return Panache.withSession(() -> plan(work.attachmentId())).chain(plan -> {
            if (plan == null) {
                return jobs.finishWith(job, () -> Uni.createFrom().voidItem());
            }
            return disconnectAll(plan)
                    .chain(() -> finish(job, plan, work.cause()))
                    .onFailure(ArrayStepException.class).recoverWithUni(e -> stuck(job, plan, (ArrayStepException) e));
        }).replaceWith(JobOutcome.done());
    }

    private Uni<Plan> plan(String attachmentId) {
        return attachments.findById(attachmentId).chain(a -> {
            if (a == null || a.state != AttachmentState.Detaching) {
                return Uni.createFrom().nullItem();
            }
            return volumes.findById(a.volumeId).chain(volume -> attachments.current(a.volumeId, a.nodeName)
                    .chain(current -> nodeHosts.ofNode(a.nodeName).map(hosts -> {
                        String sharedWith = current.stream()
                                .filter(o -> !o.id.equals(a.id) && o.state.holdsVolume()
                                        && o.state != AttachmentState.Detaching)
                                .map(o -> o.id).findFirst().orElse(null);
                        if (volume == null || volume.arrayVolumeName == null) {
                            return new Plan(a, null, List.of(), hosts, sharedWith);
                        }
                        return new Plan(a, volume.arrayVolumeName, volume.arrayList(), hosts, sharedWith);
                    })));
        });
    }

    private Uni<Void> disconnectAll(Plan plan) {
        Attachment a = plan.attachment();
        if (plan.sharedWith() != null) {
            LOG.infof("attachment=%s volume=%s node=%s connections kept: attachment %s uses them too", a.id,
                    a.volumeId, a.nodeName, plan.sharedWith());
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String array : plan.arrays()) {
            NodeHost record = plan.hosts().get(array);
            String host = record != null ? record.hostName : FlashArrayNames.hostNameFor(a.nodeName);
            chain = chain.chain(() -> steps.disconnect(array, host, plan.volumeName()).invoke(removed ->
                    LOG.infof("attachment=%s volume=%s node=%s array=%s host=%s %s; none left", a.id, a.volumeId,
                            a.nodeName, array, host, removed ? "disconnected" : "was not connected"))
                    .replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> finish(Job job, Plan plan, Cause cause) {
        return jobs.finishWith(job, () -> attachments.findById(plan.attachment().id).chain(a -> {
            if (a == null || a.state != AttachmentState.Detaching) {
                return Uni.createFrom().voidItem();
            }
            a.state = AttachmentState.Detached;
            // From the detach request: the attachment last changed when it became Detaching.
            outcomes.record(RequestOutcomes.Kind.VOLUME_DETACH, true, a.updatedAt.toInstant());
            a.clearFailure();
            a.paths = null;
            a.updatedAt = OffsetDateTime.now(clock);
            if (cause != null) {
                a.lastEventId = cause.eventId();
            }
            LOG.infof("attachment=%s volume=%s node=%s detached from %s", a.id, a.volumeId, a.nodeName,
                    plan.arrays());
            return outbox.record(events.detached(a, plan.arrays(), cause)).chain(() -> wakeRefused(a));
        }));
    }

    /** VolumeAttachments refused because this one held the volume may have it now: request them again. */
    private Uni<Void> wakeRefused(Attachment freed) {
        return attachments.retryableFailuresFromVolumeAttachments().chain(failed -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Attachment f : failed) {
                if (f.volumeId.equals(freed.volumeId)
                        && AttachFailureReason.HeldByAnotherNode.name().equals(f.failureReason)) {
                    chain = chain.chain(() -> requests.again(f, f.correlationId).replaceWithVoid());
                }
            }
            return chain;
        });
    }

    private Uni<Void> stuck(Job job, Plan plan, ArrayStepException e) {
        Attachment a = plan.attachment();
        LOG.warnf("attachment=%s volume=%s node=%s not detached yet, will try again: %s: %s", a.id, a.volumeId,
                a.nodeName, e.reason(), e.getMessage());
        return jobs.finishWith(job, () -> attachments.findById(a.id).invoke(current -> {
                    if (current != null && current.state == AttachmentState.Detaching) {
                        current.failureReason = e.reason().name();
                        current.failureMessage = e.getMessage();
                        current.failureRetryable = true;
                        current.updatedAt = OffsetDateTime.now(clock);
                    }
                }))
                .chain(current -> current != null && current.fromVolumeAttachment()
                        ? vaStatus.detachError(current.id, e.getMessage()) : Uni.createFrom().voidItem());
    }
}
