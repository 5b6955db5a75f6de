package dev.mooring.attach.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.FencePlan;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.ArrayConnection;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code NodeTakeoverDecided} → the fence, then the move. First, in one transaction: the takeover recorded
 * ({@code Fencing}), the failed node's drives given to the replacement ({@code Moving}: connected to nobody yet) and
 * the failed node's attachments fenced ({@code Failed}/{@code Fenced}: the single-writer rule lets another node have
 * their volumes, and nothing restores them). From then on nothing in attach-svc connects the failed node's host to
 * those drives or volumes. Then, on every registered array, every connection of the failed node's host is removed and
 * the array listed again; only when every array confirms that none is left is the takeover {@code Fenced}
 * ({@code NodeFenced}, {@code DriveDetached} per drive) — otherwise {@code NodeFencingFailed} and the retry loop tries
 * again. Only a {@code Fenced} takeover connects the drives to the replacement's host ({@code DrivesMoved}). Each phase
 * is stored, so a restart resumes where it stopped; each is safe to repeat.
 */
@ApplicationScoped
public class TakeOverNode {

    static final String DECIDED = "takeover-decided";
    static final String IDENTITY = "takeover-identity";
    public static final String FENCED_REASON = "Fenced";
    private static final Logger LOG = Logger.getLogger(TakeOverNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TakeoverRepository takeovers;

    @Inject
    DriveRepository drives;

    @Inject
    AttachmentRepository attachments;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraySteps steps;

    @Inject
    HostConnector connector;

    @Inject
    NodeHosts nodeHosts;

    @Inject
    NodeGuard guard;

    @Inject
    Inbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    AttachDrive attachDrive;

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
                                held.size())))
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
            Uni<Boolean> step = t.phase == TakeoverPhase.Fencing ? fence(t) : move(t);
            return step.chain(progressed -> progressed ? again(takeoverId) : Uni.createFrom().voidItem());
        }).eventually(() -> running.remove(takeoverId));
    }

    private Uni<Void> again(String takeoverId) {
        running.remove(takeoverId);
        return resume(takeoverId);
    }

    // ------------------------------------------------------------------ phase 1: fence

    private record ArrayFence(String array, List<ArrayConnection> removed, String problem) {
    }

    /** Removes every connection of the failed node's host on every registered array and checks none is left. */
    private Uni<Boolean> fence(Takeover t) {
        List<String> arrays = directory.arrays().stream().filter(RegisteredArray::registered)
                .map(RegisteredArray::name).sorted().toList();
        // The hosts are read once, before the arrays are worked on side by side (one session may not be shared). The
        // node's guard is held throughout: a connection to its host checked before the fence was recorded ends first.
        Uni<List<ArrayFence>> all = guard.exclusively(t.failedNode, () -> Panache.withSession(() -> nodeHosts
                .ofNode(t.failedNode)).chain(hosts -> {
            List<Uni<ArrayFence>> perArray = arrays.stream().map(array -> Uni.createFrom().deferred(() ->
                            fenceOn(array, HostConnector.hostName(hosts.get(array), t.failedNode)))
                    .onFailure().recoverWithItem(e -> new ArrayFence(array, List.of(), e.getMessage()))).toList();
            return perArray.isEmpty() ? Uni.createFrom().item(List.<ArrayFence>of())
                    : Uni.join().all(perArray).andFailFast();
        }));
        return all.chain(results -> {
            List<ArrayConnection> removedNow = results.stream().flatMap(r -> r.removed().stream()).toList();
            Map<String, String> problems = new TreeMap<>();
            List<String> confirmed = new ArrayList<>();
            results.forEach(r -> {
                if (r.problem() == null) {
                    confirmed.add(r.array());
                } else {
                    problems.put(r.array(), r.problem());
                }
            });
            FencePlan.Outcome outcome = FencePlan.outcome(arrays, confirmed, problems);
            return Panache.withTransaction(() -> takeovers.findById(t.takeoverId).chain(current -> {
                if (current == null || current.phase != TakeoverPhase.Fencing) {
                    return Uni.createFrom().item(false);
                }
                List<ArrayConnection> removed = new ArrayList<>(readConnections(current.removed));
                removed.addAll(removedNow);
                current.removed = writeConnections(removed);
                current.attempts++;
                current.updatedAt = RequestAttachment.now();
                if (outcome instanceof FencePlan.Outcome.NotConfirmed notConfirmed) {
                    String message = "Fence of node " + current.failedNode + " (takeover " + current.takeoverId
                            + ", attempt " + current.attempts + ") not confirmed: " + notConfirmed.problemsByArray()
                            .entrySet().stream().map(e -> "array " + e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")) + ". The replacement " + current.replacementNode
                            + " gets no drive until every array confirms; retrying";
                    current.lastFailure = message;
                    LOG.warnf("takeover=%s node=%s %s", current.takeoverId, current.failedNode, message);
                    return outbox.record(events.fencingFailed(current, "FenceNotConfirmed", message))
                            .replaceWith(false);
                }
                List<String> verified = ((FencePlan.Outcome.Confirmed) outcome).verifiedArrays();
                current.phase = TakeoverPhase.Fenced;
                current.lastFailure = null;
                current.verifiedArrayList(verified);
                current.fencedAt = RequestAttachment.now();
                LOG.infof("takeover=%s node=%s fenced: %d connection(s) removed, confirmed on %s", current.takeoverId,
                        current.failedNode, readConnections(current.removed).size(), verified);
                Uni<Void> chain = outbox.record(events.fenced(current, readConnections(current.removed), verified));
                return chain.chain(() -> drives.movedBy(current.takeoverId)).chain(moved -> {
                    Uni<Void> detached = Uni.createFrom().voidItem();
                    for (Drive d : moved) {
                        String host = d.hostName != null ? d.hostName
                                : dev.mooring.flasharray.client.FlashArrayNames.hostNameFor(current.failedNode);
                        detached = detached.chain(() -> outbox.record(events.driveDetached(d, current.failedNode,
                                host, FENCED_REASON, current)));
                    }
                    return detached;
                }).replaceWith(true);
            }));
        });
    }

    private Uni<ArrayFence> fenceOn(String array, String host) {
        return steps.connections(array).chain(before -> {
            List<String> volumes = FencePlan.toRemove(host, listed(before));
            Uni<List<ArrayConnection>> removals = Uni.createFrom().item(new ArrayList<>());
            for (String volume : volumes) {
                removals = removals.chain(done -> steps.disconnect(array, host, volume).map(removed -> {
                    if (removed) {
                        done.add(PoolAndNodeEvents.connection(array, host, volume));
                    }
                    return done;
                }));
            }
            return removals;
        }).chain(removed -> steps.connections(array).map(after -> {
            List<FencePlan.Listed> left = FencePlan.remaining(host, listed(after));
            return new ArrayFence(array, removed, left.isEmpty() ? null : "host " + host + " still sees "
                    + left.stream().map(l -> l.volume() + (l.hostGroup() == null ? "" : " (through host group "
                            + l.hostGroup() + ")")).toList());
        }));
    }

    private static List<FencePlan.Listed> listed(List<Connection> connections) {
        return connections.stream().filter(c -> c.hostName() != null && c.volumeName() != null)
                .map(c -> new FencePlan.Listed(c.hostName(), c.hostGroupName(), c.volumeName())).toList();
    }

    // ------------------------------------------------------------------ phase 2: move

    private record Moved(String driveId, AttachmentPaths.Path path) {
    }

    /** Connects the moved drives to the replacement's host; only ever after a confirmed fence. */
    private Uni<Boolean> move(Takeover t) {
        if (!t.phase.mayConnectReplacement()) {
            return Uni.createFrom().item(false);
        }
        return Panache.withSession(() -> drives.movedBy(t.takeoverId).chain(moved -> nodes.findById(t.replacementNode)
                .map(r -> Map.entry(moved, r == null ? NodeInitiators.none() : r.effective())))).chain(work -> {
                    List<Drive> moving = work.getKey().stream().filter(d -> d.state == DriveState.Moving).toList();
                    Uni<List<Moved>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Drive d : moving) {
                        chain = chain.chain(done -> connector.connect(d.arrayName, t.replacementNode, work.getValue(),
                                d.driveName, () -> stillMoving(t.takeoverId, d.id)).map(path -> {
                                    done.add(new Moved(d.id, path));
                                    return done;
                                }));
                    }
                    return chain;
                })
                .chain(done -> Panache.withTransaction(() -> takeovers.findById(t.takeoverId).chain(current -> {
                    if (current == null || current.phase != TakeoverPhase.Fenced) {
                        return Uni.createFrom().item(false);
                    }
                    Map<String, AttachmentPaths.Path> byDrive = new LinkedHashMap<>();
                    done.forEach(m -> byDrive.put(m.driveId(), m.path()));
                    return drives.movedBy(current.takeoverId).chain(moved -> {
                        List<ArrayConnection> connections = new ArrayList<>();
                        for (Drive d : moved) {
                            AttachmentPaths.Path path = byDrive.get(d.id);
                            if (path != null) {
                                d.state = DriveState.Attached;
                                d.hostName = path.host();
                                d.path = pathsJson.write(List.of(path));
                                d.updatedAt = RequestAttachment.now();
                            }
                            if (d.state == DriveState.Attached && d.nodeName.equals(current.replacementNode)) {
                                connections.add(PoolAndNodeEvents.connection(d.arrayName, d.hostName, d.driveName));
                            }
                        }
                        current.phase = TakeoverPhase.Moved;
                        current.lastFailure = null;
                        current.moved = writeConnections(connections);
                        current.movedAt = RequestAttachment.now();
                        current.updatedAt = current.movedAt;
                        LOG.infof("takeover=%s node=%s drives moved to %s: %d connection(s)", current.takeoverId,
                                current.failedNode, current.replacementNode, connections.size());
                        return outbox.record(events.drivesMoved(current, connections)).replaceWith(true);
                    });
                })))
                .onFailure().recoverWithUni(e -> Panache.withTransaction(() -> takeovers.findById(t.takeoverId)
                        .invoke(current -> {
                            if (current != null && current.phase == TakeoverPhase.Fenced) {
                                current.lastFailure = "Drives not connected to " + current.replacementNode + " yet: "
                                        + e.getMessage() + "; retrying";
                                current.updatedAt = RequestAttachment.now();
                                LOG.warnf("takeover=%s %s", current.takeoverId, current.lastFailure);
                            }
                        })).replaceWith(false));
    }

    /** Checked inside the replacement's guard just before each connection: the fence confirmed, the drive moving. */
    private Uni<Boolean> stillMoving(String takeoverId, String driveId) {
        return Panache.withSession(() -> takeovers.findById(takeoverId).chain(t -> drives.findById(driveId)
                .map(d -> t != null && t.phase.mayConnectReplacement() && d != null && d.state == DriveState.Moving
                        && d.nodeName.equals(t.replacementNode))));
    }

    // ------------------------------------------------------------------ json

    static List<ArrayConnection> readConnections(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Triple>>() { }).stream()
                    .map(c -> PoolAndNodeEvents.connection(c.array(), c.host(), c.volume())).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable connections: " + e.getMessage(), e);
        }
    }

    static String writeConnections(List<ArrayConnection> connections) {
        try {
            return JSON.writeValueAsString(connections.stream()
                    .map(c -> new Triple(c.getArray(), c.getHost(), c.getVolume())).distinct().toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection as stored in a takeover row. */
    public record Triple(String array, String host, String volume) {
    }
}
