package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.DriveResized;
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

/**
 * {@code DriveProvisioned} → the drive recorded (owner, pool, array) with an {@value #CONNECT} job (key = the owner's
 * node name) in the transaction that claims the event → the job connects it to its owner's host on its array →
 * {@code DriveAttached} (path and device identity) or {@code DriveAttachFailed}, committed with the job's end. A drive
 * whose node has no initiators yet stays {@code Pending} until they arrive (a job is asked for then) or the retry
 * loop asks again. A drive already attached to its owner is not reported twice.
 */
@ApplicationScoped
public class AttachDrive implements JobHandler {

    static final String PROVISIONED = "attach-drive";
    static final String RESIZED = "drive-resized";
    /** The job that connects a drive to its owner's host. */
    static final String CONNECT = "connect-drive";
    private static final Logger LOG = Logger.getLogger(AttachDrive.class);

    @Inject
    DriveRepository drives;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    dev.mooring.attach.repository.TakeoverRepository takeovers;

    @Inject
    HostConnector connector;

    @Inject
    ArraySteps steps;

    @Inject
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    Clock clock;

    /** What a connect job carries: the drive. */
    public record Work(String driveId) {
    }

    @Override
    public String kind() {
        return CONNECT;
    }

    public Uni<Void> on(DriveProvisioned event) {
        EventEnvelope envelope = event.getEnvelope();
        String id = Drive.idOf(event.getArray(), event.getDriveName());
        return intake.once(PROVISIONED, envelope, () -> takeovers.ofFailedNode(event.getNodeName())
                .chain(fences -> drives.findById(id).chain(found -> {
                    if (found != null && !found.nodeName.equals(event.getNodeName())) {
                        // The pool moved in a takeover since: the drive's owner is attach-svc's to keep.
                        LOG.infof("drive=%s node=%s owned by %s now, not connected to %s", id, event.getNodeName(),
                                found.nodeName, event.getNodeName());
                        return Uni.createFrom().voidItem();
                    }
                    if (found != null && found.state == DriveState.Attached) {
                        LOG.infof("drive=%s node=%s already attached", id, found.nodeName);
                        return Uni.createFrom().voidItem();
                    }
                    Drive d = found != null ? found : new Drive();
                    d.id = id;
                    d.driveName = event.getDriveName();
                    d.arrayName = event.getArray();
                    d.poolId = event.getPoolId();
                    d.nodeName = event.getNodeName();
                    d.serial = event.getSerial();
                    d.sizeBytes = event.getSizeBytes();
                    d.purpose = event.getPurpose();
                    d.state = DriveState.Pending;
                    d.correlationId = envelope.getCorrelationId();
                    d.causeEventId = envelope.getEventId();
                    d.updatedAt = OffsetDateTime.now(clock);
                    // Announced before its node was taken over (a late event): the drive went with the pool, so it is
                    // the replacement's — and never connected to the fenced node.
                    fences.stream().filter(t -> !envelope.getOccurredAt().isAfter(t.decidedAt.toInstant()))
                            .reduce((first1, second) -> second).ifPresent(t -> {
                                d.previousNode = d.nodeName;
                                d.nodeName = t.replacementNode;
                                d.takeoverId = t.takeoverId;
                                d.state = t.phase.finished() ? DriveState.Pending : DriveState.Moving;
                                LOG.infof("drive=%s of node %s, which takeover %s fenced: it is %s's", id,
                                        d.previousNode, t.takeoverId, d.nodeName);
                            });
                    LOG.infof("drive=%s node=%s pool=%s array=%s purpose=%s recorded", id, d.nodeName, d.poolId,
                            d.arrayName, d.purpose);
                    return (found != null ? Uni.createFrom().voidItem() : drives.persist(d).replaceWithVoid())
                            .chain(() -> d.state == DriveState.Pending
                                    ? jobs.enqueue(CONNECT, d.nodeName, new Work(id)) : Uni.createFrom().voidItem());
                }))).replaceWithVoid();
    }

    public Uni<Void> on(DriveResized event) {
        String id = Drive.idOf(event.getArray(), event.getDriveName());
        return intake.once(RESIZED, event.getEnvelope(), () -> drives.findById(id).invoke(d -> {
            if (d == null) {
                LOG.infof("drive=%s resized, but attach-svc has not heard of it", id);
                return;
            }
            // Growing moves no data and keeps the connection: only the size is recorded.
            d.sizeBytes = event.getSizeBytes();
            d.updatedAt = OffsetDateTime.now(clock);
            LOG.infof("drive=%s node=%s size=%d", id, d.nodeName, d.sizeBytes);
        })).replaceWithVoid();
    }

    /** In the caller's transaction: the node's initiators became known (or changed); its waiting drives get jobs. */
    public Uni<Void> wakeWaitingOf(String node) {
        return drives.ofNode(node).chain(list -> askToConnect(list.stream()
                        .filter(d -> d.state == DriveState.Pending || d.state == DriveState.Failed).toList()))
                .replaceWithVoid();
    }

    /** The retry loop, in the caller's transaction: pending drives, and drives whose failure may pass. */
    public Uni<Integer> retryWaiting() {
        return drives.inStates(List.of(DriveState.Pending, DriveState.Failed))
                .chain(list -> askToConnect(list.stream().filter(d -> d.state == DriveState.Pending || retryable(d))
                        .toList()));
    }

    /** A connect job for each drive, unless one waits for it already; how many were asked for. */
    private Uni<Integer> askToConnect(List<Drive> waiting) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Drive d : waiting) {
            chain = chain.chain(n -> jobs.enqueueUnlessWaiting(CONNECT, d.nodeName, new Work(d.id))
                    .map(asked -> asked ? n + 1 : n));
        }
        return chain;
    }

    private static boolean retryable(Drive d) {
        try {
            return d.failureReason != null && AttachFailureReason.valueOf(d.failureReason).retryable();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Connection(String driveName, String array, String node, NodeInitiators initiators) {
    }

    /** Connects a pending (or failed) drive to its owner's host and records the outcome with its event. */
    @Override
    public Uni<JobOutcome> run(Job job) {
        String id = job.payload(Work.class).driveId();
        return Panache.withSession(() -> drives.findById(id).chain(d -> {
            if (d == null || (d.state != DriveState.Pending && d.state != DriveState.Failed)) {
                return Uni.createFrom().<Connection>nullItem();
            }
            return nodes.findById(d.nodeName).map(r -> new Connection(d.driveName, d.arrayName, d.nodeName,
                    r == null ? NodeInitiators.none() : r.effective()));
        })).chain(work -> {
            if (work == null) {
                return jobs.finishWith(job, () -> Uni.createFrom().voidItem());
            }
            if (work.initiators().isEmpty()) {
                return waitForInitiators(job, id, work.node());
            }
            return connector.connect(work.array(), work.node(), work.initiators(), work.driveName(),
                            () -> Panache.withSession(() -> drives.findById(id)).map(d -> d != null
                                    && d.nodeName.equals(work.node())
                                    && (d.state == DriveState.Pending || d.state == DriveState.Failed)))
                    .chain(path -> attached(job, id, work, path))
                    .onFailure(ArrayStepException.class).recoverWithUni(e -> failed(job, id, work,
                            (ArrayStepException) e))
                    .onFailure(HostConnector.NoLongerWanted.class).recoverWithUni(e -> {
                        LOG.infof("drive=%s not connected: %s", id, e.getMessage());
                        return jobs.finishWith(job, () -> Uni.createFrom().voidItem());
                    });
        }).replaceWith(JobOutcome.done());
    }

    private Uni<Void> waitForInitiators(Job job, String id, String node) {
        return jobs.finishWith(job, () -> drives.findById(id).invoke(d -> {
            if (d != null && d.state == DriveState.Pending && d.failureReason == null) {
                LOG.infof("drive=%s node=%s waits for the node's initiators", id, node);
                d.failureReason = AttachFailureReason.NoInitiators.name();
                d.failureMessage = "Node " + node + " has no iSCSI IQN or Fibre Channel WWN yet; the drive is"
                        + " connected when they are known";
                d.updatedAt = OffsetDateTime.now(clock);
            }
        })).replaceWithVoid();
    }

    private Uni<Void> attached(Job job, String id, Connection work, AttachmentPaths.Path path) {
        return jobs.finishWith(job, () -> drives.findById(id).chain(d -> {
            if (d == null || !d.nodeName.equals(work.node())
                    || (d.state != DriveState.Pending && d.state != DriveState.Failed)) {
                return Uni.createFrom().item(true); // a takeover took it meanwhile: undo below
            }
            AttachmentPaths.Device device = AttachVolume.device(d.serial);
            d.state = DriveState.Attached;
            d.hostName = path.host();
            d.path = pathsJson.write(List.of(path));
            d.failureReason = null;
            d.failureMessage = null;
            d.updatedAt = OffsetDateTime.now(clock);
            LOG.infof("drive=%s node=%s array=%s host=%s lun=%d attached device=%s", id, d.nodeName, d.arrayName,
                    path.host(), path.lun(), device.mapperPath());
            return outbox.record(events.driveAttached(d, path, device)).replaceWith(false);
        })).chain(undo -> {
            if (!undo) {
                return Uni.createFrom().voidItem();
            }
            // Never leave a drive on the host of a node that no longer owns it (it may be fenced).
            LOG.warnf("drive=%s connected to %s, which no longer owns it: disconnecting", id, path.host());
            return steps.disconnect(work.array(), path.host(), work.driveName()).replaceWithVoid()
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("drive=%s not disconnected from %s (a fence removes it): %s", id, path.host(),
                                e.getMessage());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    private Uni<Void> failed(Job job, String id, Connection work, ArrayStepException e) {
        return jobs.finishWith(job, () -> drives.findById(id).chain(d -> {
            if (d == null || !d.nodeName.equals(work.node())
                    || (d.state != DriveState.Pending && d.state != DriveState.Failed)) {
                return Uni.createFrom().voidItem();
            }
            boolean news = d.state != DriveState.Failed || !e.reason().name().equals(d.failureReason);
            d.state = DriveState.Failed;
            d.failureReason = e.reason().name();
            d.failureMessage = e.getMessage();
            d.updatedAt = OffsetDateTime.now(clock);
            if (!news) {
                return Uni.createFrom().voidItem(); // the same failure again: reported once
            }
            LOG.warnf("drive=%s node=%s array=%s not attached: %s: %s", id, d.nodeName, d.arrayName, e.reason(),
                    e.getMessage());
            return outbox.record(events.driveAttachFailed(d, e.reason().name(), e.getMessage(),
                    e.reason().retryable()));
        }));
    }
}
