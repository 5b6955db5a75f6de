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
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code DriveProvisioned} → the drive recorded (owner, pool, array) and connected to its owner's host on its array →
 * {@code DriveAttached} (path and device identity) or {@code DriveAttachFailed}. The record and the inbox claim
 * commit first: a crash before the connection leaves a {@code Pending} drive that the retry loop connects. A drive
 * whose node has no initiators yet stays {@code Pending} until they arrive. A drive already attached to its owner is
 * not reported twice.
 */
@ApplicationScoped
public class AttachDrive {

    static final String PROVISIONED = "attach-drive";
    static final String RESIZED = "drive-resized";
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
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    @Inject
    AttachmentPathsJson pathsJson;

    /** Drives being connected in this process: the event, the initiators' arrival and the retry loop may meet. */
    private final Set<String> connecting = ConcurrentHashMap.newKeySet();

    public Uni<Void> on(DriveProvisioned event) {
        EventEnvelope envelope = event.getEnvelope();
        String id = Drive.idOf(event.getArray(), event.getDriveName());
        return Panache.withTransaction(() -> inbox.claim(PROVISIONED, envelope.getEventId()).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            return takeovers.ofFailedNode(event.getNodeName()).chain(fences -> drives.findById(id).chain(found -> {
                if (found != null && !found.nodeName.equals(event.getNodeName())) {
                    // The pool moved in a takeover since: the drive's owner is attach-svc's to keep.
                    LOG.infof("drive=%s node=%s owned by %s now, not connected to %s", id, event.getNodeName(),
                            found.nodeName, event.getNodeName());
                    return Uni.createFrom().item(false);
                }
                if (found != null && found.state == DriveState.Attached) {
                    LOG.infof("drive=%s node=%s already attached", id, found.nodeName);
                    return Uni.createFrom().item(false);
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
                d.updatedAt = RequestAttachment.now();
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
                        .replaceWith(d.state == DriveState.Pending);
            }));
        })).chain(recorded -> recorded ? connect(id) : Uni.createFrom().voidItem());
    }

    public Uni<Void> on(DriveResized event) {
        String id = Drive.idOf(event.getArray(), event.getDriveName());
        return Panache.withTransaction(() -> inbox.claim(RESIZED, event.getEnvelope().getEventId()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            return drives.findById(id).invoke(d -> {
                if (d == null) {
                    LOG.infof("drive=%s resized, but attach-svc has not heard of it", id);
                    return;
                }
                // Growing moves no data and keeps the connection: only the size is recorded.
                d.sizeBytes = event.getSizeBytes();
                d.updatedAt = RequestAttachment.now();
                LOG.infof("drive=%s node=%s size=%d", id, d.nodeName, d.sizeBytes);
            }).replaceWithVoid();
        }));
    }

    /** The node's initiators became known (or changed): its pending drives are connected now. */
    public Uni<Void> connectPendingOf(String node) {
        return Panache.withSession(() -> drives.ofNode(node)).chain(list -> connectEach(list.stream()
                .filter(d -> d.state == DriveState.Pending || d.state == DriveState.Failed).map(d -> d.id).toList()));
    }

    /** The retry loop: pending drives, and drives whose failure may pass. */
    public Uni<Integer> retryWaiting() {
        return Panache.withSession(() -> drives.inStates(List.of(DriveState.Pending, DriveState.Failed)))
                .chain(list -> {
                    List<String> ids = list.stream().filter(d -> d.state == DriveState.Pending || retryable(d))
                            .map(d -> d.id).toList();
                    return connectEach(ids).replaceWith(ids.size());
                });
    }

    private static boolean retryable(Drive d) {
        try {
            return d.failureReason != null && AttachFailureReason.valueOf(d.failureReason).retryable();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Uni<Void> connectEach(List<String> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : ids) {
            chain = chain.chain(() -> connect(id).onFailure().recoverWithUni(e -> {
                LOG.warnf("drive=%s not connected this time: %s", id, e.toString());
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
    }

    private record Work(String driveName, String array, String node, NodeInitiators initiators) {
    }

    /** Connects a pending (or failed) drive to its owner's host and records the outcome with its event. */
    Uni<Void> connect(String id) {
        if (!connecting.add(id)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> drives.findById(id).chain(d -> {
            if (d == null || (d.state != DriveState.Pending && d.state != DriveState.Failed)) {
                return Uni.createFrom().<Work>nullItem();
            }
            return nodes.findById(d.nodeName).map(r -> new Work(d.driveName, d.arrayName, d.nodeName,
                    r == null ? NodeInitiators.none() : r.effective()));
        })).chain(work -> {
            if (work == null) {
                return Uni.createFrom().voidItem();
            }
            if (work.initiators().isEmpty()) {
                return waitForInitiators(id, work.node());
            }
            return connector.connect(work.array(), work.node(), work.initiators(), work.driveName(),
                            () -> Panache.withSession(() -> drives.findById(id)).map(d -> d != null
                                    && d.nodeName.equals(work.node())
                                    && (d.state == DriveState.Pending || d.state == DriveState.Failed)))
                    .chain(path -> attached(id, work, path))
                    .onFailure(ArrayStepException.class).recoverWithUni(e -> failed(id, work,
                            (ArrayStepException) e))
                    .onFailure(HostConnector.NoLongerWanted.class).recoverWithUni(e -> {
                        LOG.infof("drive=%s not connected: %s", id, e.getMessage());
                        return Uni.createFrom().voidItem();
                    });
        }).eventually(() -> connecting.remove(id));
    }

    private Uni<Void> waitForInitiators(String id, String node) {
        return Panache.withTransaction(() -> drives.findById(id).invoke(d -> {
            if (d != null && d.state == DriveState.Pending && d.failureReason == null) {
                LOG.infof("drive=%s node=%s waits for the node's initiators", id, node);
                d.failureReason = AttachFailureReason.NoInitiators.name();
                d.failureMessage = "Node " + node + " has no iSCSI IQN or Fibre Channel WWN yet; the drive is"
                        + " connected when they are known";
                d.updatedAt = RequestAttachment.now();
            }
        })).replaceWithVoid();
    }

    private Uni<Void> attached(String id, Work work, AttachmentPaths.Path path) {
        return Panache.withTransaction(() -> drives.findById(id).chain(d -> {
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
            d.updatedAt = RequestAttachment.now();
            LOG.infof("drive=%s node=%s array=%s host=%s lun=%d attached device=%s", id, d.nodeName, d.arrayName,
                    path.host(), path.lun(), device.mapperPath());
            return outbox.record(events.driveAttached(d, path, device)).replaceWith(false);
        })).chain(undo -> {
            if (!undo) {
                return Uni.createFrom().voidItem();
            }
            // Never leave a drive on the host of a node that no longer owns it (it may be fenced).
            LOG.warnf("drive=%s connected to %s, which no longer owns it: disconnecting", id, path.host());
            return steps.disconnect(work.array(), path.host(), work.driveName()).replaceWithVoid();
        });
    }

    private Uni<Void> failed(String id, Work work, ArrayStepException e) {
        return Panache.withTransaction(() -> drives.findById(id).chain(d -> {
            if (d == null || !d.nodeName.equals(work.node())
                    || (d.state != DriveState.Pending && d.state != DriveState.Failed)) {
                return Uni.createFrom().voidItem();
            }
            boolean news = d.state != DriveState.Failed || !e.reason().name().equals(d.failureReason);
            d.state = DriveState.Failed;
            d.failureReason = e.reason().name();
            d.failureMessage = e.getMessage();
            d.updatedAt = RequestAttachment.now();
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
