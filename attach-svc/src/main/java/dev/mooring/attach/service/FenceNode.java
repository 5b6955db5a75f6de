package dev.mooring.attach.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.FencePlan;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.ArrayConnection;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Phase 1 of a takeover: on every registered array, every connection of the failed node's host is removed and the
 * array listed again, all inside the failed node's guard. Only when every array confirms that none is left is the
 * takeover {@code Fenced} ({@code NodeFenced}, {@code DriveDetached} per drive, in the transaction that changes the
 * phase); otherwise {@code NodeFencingFailed} and it stays {@code Fencing} for the retry loop. Removed connections
 * accumulate over attempts, so the final {@code NodeFenced} names them all.
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
    NodeGuard guard;

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
     * Removes every connection of the failed node's host on every registered array — and on the array of each of its
     * drives even when that one is not registered now (it must confirm too, or the drive stays where it is) — and
     * checks that none is left.
     *
     * @param alongside what commits with the outcome (given whether the takeover moved on): the job's end
     * @return true when the takeover moved on to {@code Fenced}
     */
    Uni<Boolean> run(Takeover t, Function<Boolean, Uni<Void>> alongside) {
        // The hosts are read once, before the arrays are worked on side by side (one session may not be shared). The
        // node's guard is held throughout: a connection to its host checked before the fence was recorded ends first.
        Uni<Scope> scope = Panache.withSession(() -> nodeHosts.ofNode(t.failedNode).chain(hosts -> drives
                .movedBy(t.takeoverId).map(moved -> {
                    Set<String> arrays = new TreeSet<>();
                    directory.arrays().stream().filter(RegisteredArray::registered)
                            .forEach(a -> arrays.add(a.name()));
                    moved.forEach(d -> arrays.add(d.arrayName));
                    return new Scope(List.copyOf(arrays), hosts);
                })));
        Uni<List<ArrayFence>> all = scope.chain(sc -> guard.exclusively(t.failedNode, () -> {
            List<Uni<ArrayFence>> perArray = sc.arrays().stream().map(array -> Uni.createFrom().deferred(() ->
                            fenceOn(array, HostConnector.hostName(sc.hosts().get(array), t.failedNode)))
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
            FencePlan.Outcome outcome = FencePlan.outcome(results.stream().map(ArrayFence::array).toList(),
                    confirmed, problems);
            return Panache.withTransaction(() -> takeovers.findById(t.takeoverId).chain(current -> {
                if (current == null || current.phase != TakeoverPhase.Fencing) {
                    return Uni.createFrom().item(false);
                }
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
                    LOG.warnf("takeover=%s node=%s %s", current.takeoverId, current.failedNode, message);
                    return outbox.record(events.fencingFailed(current, "FenceNotConfirmed", message))
                            .replaceWith(false);
                }
                List<String> verified = ((FencePlan.Outcome.Confirmed) outcome).verifiedArrays();
                current.phase = TakeoverPhase.Fenced;
                current.lastFailure = null;
                current.verifiedArrayList(verified);
                current.fencedAt = OffsetDateTime.now(clock);
                LOG.infof("takeover=%s node=%s fenced: %d connection(s) removed, confirmed on %s", current.takeoverId,
                        current.failedNode, readConnections(current.removed).size(), verified);
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
