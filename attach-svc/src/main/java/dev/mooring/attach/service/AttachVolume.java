package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.array.HostOutcome;
import dev.mooring.attach.array.Targets;
import dev.mooring.attach.domain.AttachDecision;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.FencePlan;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.domain.Protocol;
import dev.mooring.attach.domain.VolumeSharing;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.flasharray.client.DeviceIdentity;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code AttachRequested} → the volume connected to the node on every array that serves it → {@code VolumeAttached}
 * (or {@code AttachFailed}). The single-writer rule is decided, the attachment marked {@code Attaching} and an
 * {@value #HANDLER} job recorded in the transaction that claims the event; the job (key = volume id, so one volume's
 * attaches and detaches run in order) makes the array calls and commits the outcome, its event and its own end
 * together. Events of one volume arrive in order on one partition, so two attachments of a volume are never decided
 * at once.
 */
@ApplicationScoped
public class AttachVolume implements JobHandler {

    static final String HANDLER = "attach-volume";
    private static final Logger LOG = Logger.getLogger(AttachVolume.class);

    @Inject
    AttachmentRepository attachments;

    @Inject
    RequestOutcomes outcomes;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    NodeInitiatorsRepository nodes;

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
    AttachmentPathsJson pathsJson;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    NodeFences fences;

    @Inject
    Clock clock;

    /** What an attach job carries: the attachment and the request it answers. */
    public record Work(String attachmentId, Cause cause) {
    }

    private record Plan(Attachment attachment, String volumeName, List<String> arrays, String serial,
                        NodeInitiators initiators, Map<String, NodeHost> hosts) {
    }

    private sealed interface Step {
        record Skip(String why) implements Step {
        }

        record Fail(AttachFailureReason reason, String message) implements Step {
        }

        record Go() implements Step {
        }
    }

    @Override
    public String kind() {
        return HANDLER;
    }

    public Uni<Void> on(AttachRequested event) {
        Cause cause = Cause.of(event.getEnvelope());
        return intake.once(HANDLER, event.getEnvelope(), () -> decide(event).chain(step -> {
            if (step instanceof Step.Skip skip) {
                LOG.infof("attachment=%s volume=%s node=%s nothing to do: %s", event.getAttachmentId(),
                        event.getVolumeId(), event.getNodeName(), skip.why());
                return Uni.createFrom().voidItem();
            }
            if (step instanceof Step.Fail fail) {
                return recordFailed(event.getAttachmentId(), fail.reason(), fail.message(), cause);
            }
            return jobs.enqueue(HANDLER, event.getVolumeId(), new Work(event.getAttachmentId(), cause));
        })).replaceWithVoid();
    }

    /** In the claim's transaction: skip, fail, or mark the attachment {@code Attaching} (it holds the volume now). */
    private Uni<Step> decide(AttachRequested event) {
        String node = event.getNodeName();
        return attachments.findById(event.getAttachmentId()).chain(a -> {
            if (a == null) {
                return Uni.createFrom().item(new Step.Skip("no such attachment"));
            }
            if (a.state != AttachmentState.Requested && a.state != AttachmentState.Attaching) {
                return Uni.createFrom().item(new Step.Skip("the attachment is " + a.state));
            }
            return volumes.findById(a.volumeId).chain(volume -> {
                if (volume == null || volume.arrayVolumeName == null) {
                    return Uni.createFrom().item(new Step.Fail(AttachFailureReason.VolumeUnknown, "attach-svc has not"
                            + " heard of volume " + a.volumeId + " from the provisioner (yet); the attachment is"
                            + " requested again when it does"));
                }
                if (volume.state == KnownVolumeState.Deleted) {
                    return Uni.createFrom().item(new Step.Fail(AttachFailureReason.VolumeDeleted, "Volume "
                            + a.volumeId + " (" + volume.arrayVolumeName + ") has been deleted"));
                }
                return takeovers.ofFailedNode(node).chain(fences -> fences.stream()
                        .filter(t -> FencePlan.fences(a.requestedAt.toInstant(), t.decidedAt.toInstant())).findFirst()
                        .<Uni<Step>>map(t -> Uni.createFrom().item(new Step.Fail(AttachFailureReason.NodeFenced,
                                "Node " + node + " was fenced by takeover " + t.takeoverId + " (replaced by "
                                        + t.replacementNode + ") after this attachment was asked for; it is never"
                                        + " connected again. Detach it and attach the volume anew")))
                        .orElseGet(() -> nodes.findById(node).chain(record -> {
                    NodeInitiators initiators = record == null ? NodeInitiators.none() : record.effective();
                    if (initiators.isEmpty()) {
                        return Uni.createFrom().item(new Step.Fail(AttachFailureReason.NoInitiators, "Node " + node
                                + " has no iSCSI IQN or Fibre Channel WWN: annotate it (mooring.dev/iscsi-iqn,"
                                + " mooring.dev/fc-wwns) or have its agent POST /api/v1/nodes/" + node
                                + "/initiators; the attachment is requested again when they arrive"));
                    }
                    return singleWriter(a, volume, node);
                })));
            });
        });
    }

    private Uni<Step> singleWriter(Attachment a, KnownVolume volume, String node) {
        return attachments.holding(a.volumeId).map(holding -> {
            List<String> holders = holding.stream().filter(h -> !h.id.equals(a.id)).map(h -> h.nodeName).toList();
            AttachDecision decision = AttachDecision.decide(
                    VolumeSharing.multiNode(volume.accessModeList(), volume.volumeMode), node, holders);
            if (decision instanceof AttachDecision.Refused refused) {
                return new Step.Fail(AttachFailureReason.HeldByAnotherNode,
                        refused.message(a.volumeId + " (" + volume.arrayVolumeName + ")", node));
            }
            a.state = AttachmentState.Attaching;
            a.updatedAt = OffsetDateTime.now(clock);
            LOG.infof("attachment=%s volume=%s node=%s attaching on %s", a.id, a.volumeId, node, volume.arrays);
            return new Step.Go();
        });
    }

    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        return Panache.withSession(() -> plan(work.attachmentId())).chain(plan -> {
            if (plan == null) {
                return jobs.finishWith(job, () -> Uni.createFrom().voidItem());
            }
            return connectAll(plan)
                    .chain(paths -> finishAttached(job, work, plan, paths).chain(fenced -> fenced
                            ? undo(plan, paths) : Uni.createFrom().voidItem()))
                    .onFailure(ArrayStepException.class).recoverWithUni(e -> {
                        ArrayStepException failure = (ArrayStepException) e;
                        return jobs.finishWith(job, () -> recordFailed(work.attachmentId(), failure.reason(),
                                failure.getMessage(), work.cause()));
                    });
        }).replaceWith(JobOutcome.done());
    }

    /** What the job connects, read when it runs; null when the attachment is no longer attaching. */
    private Uni<Plan> plan(String attachmentId) {
        return attachments.findById(attachmentId).chain(a -> {
            if (a == null || a.state != AttachmentState.Attaching) {
                LOG.infof("attachment=%s not connected: it is %s now", attachmentId, a == null ? "gone" : a.state);
                return Uni.createFrom().nullItem();
            }
            return volumes.findById(a.volumeId).chain(volume -> nodes.findById(a.nodeName).chain(record ->
                    nodeHosts.ofNode(a.nodeName).map(hosts -> new Plan(a, volume.arrayVolumeName, volume.arrayList(),
                            volume.serial, record == null ? NodeInitiators.none() : record.effective(), hosts))));
        });
    }

    /** Host, targets and connection on each array in turn; the paths in array order. */
    private Uni<List<AttachmentPaths.Path>> connectAll(Plan plan) {
        Uni<List<AttachmentPaths.Path>> chain = Uni.createFrom().item(new ArrayList<>());
        for (String array : plan.arrays()) {
            chain = chain.chain(paths -> connectOn(plan, array).map(path -> {
                paths.add(path);
                return paths;
            }));
        }
        return chain;
    }

    private Uni<AttachmentPaths.Path> connectOn(Plan plan, String array) {
        String node = plan.attachment().nodeName;
        NodeHost record = plan.hosts().get(array);
        String host = record != null ? record.hostName : FlashArrayNames.hostNameFor(node);
        HostOutcome[] made = new HostOutcome[1];
        // The host's initiators, the "still attaching" check and the connection, under the node's fence epoch: a
        // takeover that fenced the node meanwhile wins, and a fence waits for a connect under way to commit.
        return fences.whileUnfenced(node, epoch -> steps.ensureHost(array, host, node, plan.initiators(),
                        record != null)
                .invoke(outcome -> made[0] = outcome)
                .chain(() -> steps.targets(array))
                .chain(targets -> {
                    Protocol protocol = Protocol.choose(plan.initiators(), targets.hasIscsi(), targets.hasFc())
                            .orElseThrow(() -> new ArrayStepException(AttachFailureReason.NoUsablePath, "Node " + node
                                    + " and array " + array + " share no protocol: the node has "
                                    + (plan.initiators().hasIqn() ? "an IQN" : "no IQN") + " and "
                                    + (plan.initiators().hasWwn() ? "WWNs" : "no WWN") + ", the array has "
                                    + (targets.hasIscsi() ? "iSCSI ports" : "no iSCSI port") + " and "
                                    + (targets.hasFc() ? "FC ports" : "no FC port")));
                    return Panache.withSession(() -> attachments.findById(plan.attachment().id))
                            .chain(a -> a == null || a.state != AttachmentState.Attaching
                                    ? Uni.createFrom().failure(new ArrayStepException(AttachFailureReason.NodeFenced,
                                            "Attachment " + plan.attachment().id + " is no longer attaching ("
                                                    + (a == null ? "gone" : a.state + " " + a.failureReason) + ")"))
                                    : steps.connect(array, host, plan.volumeName()))
                            .call(c -> fences.connected(node, epoch, array, host, plan.volumeName()))
                            .map(c -> {
                                LOG.infof("attachment=%s volume=%s node=%s array=%s host=%s protocol=%s lun=%d %s epoch=%d",
                                        plan.attachment().id, plan.attachment().volumeId, node, array, host, protocol,
                                        c.lun(), c.made() ? "connected" : "already connected", epoch);
                                return path(array, host, protocol, c.lun(), targets);
                            });
                }))
                .onItemOrFailure().call((path, failure) -> made[0] != null && (record == null
                        || made[0].madeOrAdopted())
                        ? nodeHosts.remember(array, node, host, made[0]) : Uni.createFrom().voidItem());
    }

    private static AttachmentPaths.Path path(String array, String host, Protocol protocol, int lun, Targets t) {
        return protocol == Protocol.iscsi
                ? new AttachmentPaths.Path(array, host, protocol, lun, t.iscsiIqn(), t.portals(), List.of())
                : new AttachmentPaths.Path(array, host, protocol, lun, null, List.of(), t.fcWwns());
    }

    /** The device identity of a volume serial: multipath WWID, {@code /dev/mapper} and {@code /dev/disk/by-id} paths. */
    public static AttachmentPaths.Device device(String serial) {
        DeviceIdentity id = DeviceIdentity.of(serial);
        return new AttachmentPaths.Device(id.serial(), id.wwid(), id.multipathDevice(),
                List.of(id.byIdWwn(), id.byIdDmUuid()));
    }

    /**
     * A takeover fenced the node while it was being connected: what this attach made is taken away again, so the
     * fenced host keeps nothing (reconciliation would remove it too, but not at once).
     */
    private Uni<Void> undo(Plan plan, List<AttachmentPaths.Path> paths) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttachmentPaths.Path p : paths) {
            LOG.warnf("attachment=%s node=%s fenced while connecting: disconnecting %s on %s", plan.attachment().id,
                    plan.attachment().nodeName, plan.volumeName(), p.array());
            chain = chain.chain(() -> steps.disconnect(p.array(), p.host(), plan.volumeName()).replaceWithVoid()
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("attachment=%s %s not disconnected on %s (the fence removes it): %s",
                                plan.attachment().id, plan.volumeName(), p.array(), e.getMessage());
                        return Uni.createFrom().voidItem();
                    }));
        }
        return chain;
    }

    /** Records the outcome and ends the job; true when the node was fenced meanwhile (what was made must go). */
    private Uni<Boolean> finishAttached(Job job, Work work, Plan plan, List<AttachmentPaths.Path> paths) {
        return jobs.finishWith(job, () -> attachments.findById(work.attachmentId()).chain(a -> {
            if (a != null && AttachFailureReason.NodeFenced.name().equals(a.failureReason)) {
                return Uni.createFrom().item(true);
            }
            if (a == null || a.state != AttachmentState.Attaching) {
                // A detach was asked for meanwhile; its job comes next on this volume and removes what was made.
                LOG.infof("attachment=%s connected, but it is %s now", work.attachmentId(),
                        a == null ? "gone" : a.state);
                return Uni.createFrom().item(false);
            }
            AttachmentPaths.Device device = device(plan.serial());
            a.state = AttachmentState.Attached;
            outcomes.record(RequestOutcomes.Kind.VOLUME_ATTACH, true, a.requestedAt.toInstant());
            a.paths = pathsJson.write(paths);
            a.serial = device.serial();
            a.lastEventId = work.cause().eventId();
            a.updatedAt = OffsetDateTime.now(clock);
            LOG.infof("attachment=%s volume=%s node=%s attached on %s device=%s", a.id, a.volumeId, a.nodeName,
                    paths.stream().map(AttachmentPaths.Path::array).toList(), device.mapperPath());
            return outbox.record(events.attached(a, paths, device, work.cause())).replaceWith(false);
        }));
    }

    /** In the caller's transaction: the attachment {@code Failed} with {@code AttachFailed}, while still asked for. */
    private Uni<Void> recordFailed(String attachmentId, AttachFailureReason reason, String message, Cause cause) {
        return attachments.findById(attachmentId).chain(a -> {
            if (a == null || (a.state != AttachmentState.Requested && a.state != AttachmentState.Attaching)) {
                return Uni.createFrom().voidItem();
            }
            a.state = AttachmentState.Failed;
            outcomes.record(RequestOutcomes.Kind.VOLUME_ATTACH, false, a.requestedAt.toInstant());
            a.failureReason = reason.name();
            a.failureMessage = message;
            a.failureRetryable = reason.retryable();
            a.lastEventId = cause.eventId();
            a.updatedAt = OffsetDateTime.now(clock);
            LOG.warnf("attachment=%s volume=%s node=%s not attached: %s: %s", a.id, a.volumeId, a.nodeName,
                    reason, message);
            return outbox.record(events.failed(a, reason, message, cause));
        });
    }
}
