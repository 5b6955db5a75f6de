package dev.mooring.attach.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.FencePlan;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeFenceRepository;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.ArrayConnection;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Phase 1 of a takeover, a host-level fence: on every array of its scope ({@link FencePlan#scope}: pure.json and
 * every array holding the failed node's hosts, attachments, drives or connections), every connection of the failed
 * node's host is removed, the host's initiators are taken away (a connect landing late gives nobody access), and the
 * array is read again. It starts by taking the node's fence row FOR UPDATE ({@link NodeFences}): every connect to
 * the host under way has committed by then, and every later one is refused. Only when every array in scope confirms
 * (or an operator confirmed it for an array that cannot answer) is the takeover {@code Fenced} ({@code NodeFenced},
 * {@code DriveDetached} per drive, in the transaction that changes the phase); otherwise {@code NodeFencingFailed},
 * a Warning Event on the Node, the metric {@code mooring.attach.fence.unconfirmed}, the arrays and reasons in the
 * takeover's {@code unconfirmed}, and it stays {@code Fencing} for the retry loop. Nothing is confirmed before
 * pure.json is applied, nor on an empty scope. Removed connections accumulate over attempts, so the final
 * {@code NodeFenced} names them all.
 */
@ApplicationScoped
public class FenceNode {

    private static final Logger LOG = Logger.getLogger(FenceNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TakeoverRepository takeovers;

    @Inject
    DriveRepository drives;

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraySteps steps;

    @Inject
    NodeHosts nodeHosts;

    @Inject
    NodeFences fences;

    @Inject
    NodeFenceRepository connectedArrays;

    @Inject
    AttachmentRepository attachments;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    StuckFences stuck;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    @Inject
    Clock clock;

    private record ArrayFence(String array, List<ArrayConnection> removed, String problem) {
    }

    private record Scope(List<String> arrays, Map<String, NodeHost> hosts) {
    }

    /**
     * Fences the failed node's host on every array of the fence's scope and checks that nothing is left.
     *
     * @param alongside what commits with the outcome (given whether the takeover moved on): the job's end
     * @return true when the takeover moved on to {@code Fenced}
     */
    Uni<Boolean> run(Takeover t, Function<Boolean, Uni<Void>> alongside) {
        // The fence epoch first (FOR UPDATE): every connect to the node's hosts under way commits before the arrays
        // are listed below, and none starts after. A takeover recorded before the epoch existed gets it here.
        Uni<Long> epoch = Panache.withTransaction(() -> fences.fence(t.failedNode, t.takeoverId));
        // The scope is read once, before the arrays are worked on side by side (one session may not be shared).
        Uni<Scope> scope = epoch.chain(() -> Panache.withSession(() -> scopeOf(t)));
        boolean directoryLoaded = directory.documentApplied();
        return scope.chain(sc -> fenceAll(sc, t.failedNode).chain(results -> {
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
            // The takeover row is locked: an operator's override and this outcome do not cross.
            return Panache.withTransaction(() -> takeovers.findById(t.takeoverId, LockModeType.PESSIMISTIC_WRITE)
                    .chain(current -> {
                if (current == null || current.phase != TakeoverPhase.Fencing) {
                    return Uni.createFrom().item(false);
                }
                FencePlan.Outcome outcome = FencePlan.outcome(directoryLoaded, sc.arrays(), confirmed, problems,
                        current.overriddenArrayList());
                List<ArrayConnection> removed = new ArrayList<>(readConnections(current.removed));
                removed.addAll(removedNow);
                current.removed = writeConnections(removed);
                current.attempts++;
                current.updatedAt = OffsetDateTime.now(clock);
                if (outcome instanceof FencePlan.Outcome.NotConfirmed notConfirmed) {
                    String message = "Fence of node " + current.failedNode + " (takeover " + current.takeoverId
                            + ", attempt " + current.attempts + ") not confirmed: " + notConfirmed.problemsByArray()
                            .entrySet().stream().map(e -> "array " + e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")) + ". The replacement " + current.replacementNode
                            + " gets no drive until every array confirms; retrying";
                    current.lastFailure = message;
                    current.unconfirmed = writeProblems(notConfirmed.problemsByArray());
                    stuck.notConfirmed(current.takeoverId, notConfirmed.problemsByArray());
                    LOG.warnf("takeover=%s node=%s %s", current.takeoverId, current.failedNode, message);
                    return outbox.record(events.fencingFailed(current, "FenceNotConfirmed", message))
                            .chain(() -> kubeEvents.record(new KubeEvents.Notice(KubeEvents.Subject.node(
                                    current.failedNode, null), KubeEvents.WARNING, "NodeFenceNotConfirmed", message,
                                    current.takeoverId)))
                            .replaceWith(false);
                }
                FencePlan.Outcome.Confirmed done = (FencePlan.Outcome.Confirmed) outcome;
                List<String> verified = done.verifiedArrays();
                current.phase = TakeoverPhase.Fenced;
                current.lastFailure = null;
                current.unconfirmed = null;
                current.verifiedArrayList(verified);
                current.fencedAt = OffsetDateTime.now(clock);
                stuck.confirmed(current.takeoverId, current.decidedAt == null ? null
                        : java.time.Duration.between(current.decidedAt, current.fencedAt));
                LOG.infof("takeover=%s node=%s fenced: %d connection(s) removed, confirmed on %s%s", current.takeoverId,
                        current.failedNode, readConnections(current.removed).size(), verified,
                        done.overriddenArrays().isEmpty() ? "" : ", by operator " + current.overrideBy + " on "
                                + done.overriddenArrays());
                Uni<Void> chain = outbox.record(events.fenced(current, readConnections(current.removed), verified));
                return chain.chain(() -> drives.movedBy(current.takeoverId)).chain(moved -> {
                    Uni<Void> detached = Uni.createFrom().voidItem();
                    for (Drive d : moved) {
                        String host = d.hostName != null ? d.hostName
                                : FlashArrayNames.hostNameFor(current.failedNode);
                        detached = detached.chain(() -> outbox.record(events.driveDetached(d, current.failedNode,
                                host, TakeOverNode.FENCED_REASON, current)));
                    }
                    return detached;
                }).replaceWith(true);
            }).call(alongside::apply));
        }));
    }

    /** Each array of the scope side by side; a failure on one is that array's problem, not the whole fence's. */
    private Uni<List<ArrayFence>> fenceAll(Scope sc, String node) {
        List<Uni<ArrayFence>> perArray = sc.arrays().stream().map(array -> Uni.createFrom().deferred(() ->
                        fenceOn(array, HostConnector.hostName(sc.hosts().get(array), node)))
                .onFailure().recoverWithItem(e -> new ArrayFence(array, List.of(), e.getMessage()))).toList();
        return perArray.isEmpty() ? Uni.createFrom().item(List.<ArrayFence>of())
                : Uni.join().all(perArray).andFailFast();
    }

    /** The fence's scope ({@link FencePlan#scope}) and the node's recorded hosts, in the caller's session. */
    private Uni<Scope> scopeOf(Takeover t) {
        List<String> inPureJson = directory.arrays().stream().map(RegisteredArray::displayName).toList();
        return nodeHosts.ofNode(t.failedNode).chain(hosts -> drives.movedBy(t.takeoverId).chain(moved -> attachments
                .list("nodeName = ?1 and state in ?2", t.failedNode, List.of(AttachmentState.Requested,
                        AttachmentState.Attaching, AttachmentState.Attached, AttachmentState.Failed))
                .chain(held -> held.isEmpty() ? Uni.createFrom().item(List.<KnownVolume>of())
                        : volumes.list("volumeId in ?1", held.stream().map(a -> a.volumeId).distinct().toList()))
                .chain(known -> connectedArrays.arraysConnectedTo(t.failedNode).map(connected -> new Scope(
                        FencePlan.scope(inPureJson, hosts.keySet(),
                                known.stream().flatMap(v -> v.arrayList().stream()).toList(),
                                moved.stream().map(d -> d.arrayName).toList(), connected), hosts)))));
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
        }).call(removed -> steps.stripInitiators(array, host).invoke(taken -> {
            if (!taken.isEmpty()) {
                LOG.infof("array=%s host=%s initiators taken away by the fence: %s %s", array, host, taken.iqns(),
                        taken.wwns());
            }
        })).chain(removed -> steps.connections(array).map(after -> {
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

    static String writeProblems(Map<String, String> problems) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(problems));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The arrays a takeover's fence is not confirmed on, with why; empty when none. */
    public static Map<String, String> readProblems(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable problems: " + e.getMessage(), e);
        }
    }

    /** A connection as stored in a takeover row. */
    public record Triple(String array, String host, String volume) {
    }
}
