package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.repository.NodeFence;
import dev.mooring.attach.repository.NodeFenceRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The order between a node's fence and every connect to the node's hosts, kept in PostgreSQL so that it holds
 * across instances. A connect runs in a transaction holding the node's {@code node_fence} row FOR SHARE from its
 * "not fenced, still wanted" check until its array call has ended (and records the epoch it connected under); a fence
 * takes the row FOR UPDATE, so it waits for every connect under way to commit and then sets {@code fenced}. A connect
 * either committed before the fence (whose listing, made after, sees it and removes it) or finds the node fenced and
 * makes nothing. Replaces the per-process NodeGuard.
 */
@ApplicationScoped
public class NodeFences {

    private static final Logger LOG = Logger.getLogger(NodeFences.class);

    @Inject
    NodeFenceRepository fences;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    Clock clock;

    /**
     * Runs {@code work} (given the node's epoch) in a transaction that holds the node's fence row FOR SHARE; fails
     * with {@code NodeFenced} when the node is fenced. Every array call that could give a node's host access —
     * ensuring the host's initiators, connecting a volume — goes through here.
     */
    public <T> Uni<T> whileUnfenced(String node, Function<Long, Uni<T>> work) {
        return whileUnfenced(node, work, f -> Uni.createFrom().failure(new ArrayStepException(
                AttachFailureReason.NodeFenced, "Node " + node + " is fenced (epoch " + f.epoch
                        + (f.takeoverId == null ? "" : ", takeover " + f.takeoverId)
                        + "): nothing is connected to its hosts until it recovers")));
    }

    /** As {@link #whileUnfenced(String, Function)}, answering {@code whenFenced} instead of failing. */
    public <T> Uni<T> whileUnfenced(String node, Function<Long, Uni<T>> work, Function<NodeFence, Uni<T>> whenFenced) {
        return Panache.withTransaction(() -> fences.lock(node, false).chain(f -> {
            if (f.fenced) {
                LOG.infof("node=%s fenced at epoch %d: connect refused", node, f.epoch);
                return whenFenced.apply(f);
            }
            return work.apply(f.epoch);
        }));
    }

    /** Records, in the connect's transaction, the epoch a connection to the node's host was made under. */
    public Uni<Void> connected(String node, long epoch, String array, String host, String volume) {
        return fences.connected(array, host, volume, node, epoch);
    }

    /**
     * Fences the node in the caller's transaction: waits for every connect under way on its hosts, then sets
     * {@code fenced} and raises the epoch (once: an already fenced node keeps its epoch). Returns the epoch.
     */
    public Uni<Long> fence(String node, String takeoverId) {
        return fences.lock(node, true).map(f -> {
            if (!f.fenced) {
                f.fenced = true;
                f.epoch++;
                f.takeoverId = takeoverId;
                f.reason = "fenced by takeover " + takeoverId;
                f.changedAt = OffsetDateTime.now(clock);
                LOG.infof("takeover=%s node=%s fenced at epoch %d", takeoverId, node, f.epoch);
            }
            return f.epoch;
        });
    }

    /** Thrown by {@link #unfence} when a takeover of the node is unfinished: its fence must stay. */
    public static final class UnderTakeover extends RuntimeException {
        public UnderTakeover(String message) {
            super(message);
        }
    }

    /**
     * Lifts the node's fence in the caller's transaction; the new epoch, or null when it was not fenced. The takeovers
     * are read once the row is locked, so a takeover recorded meanwhile (it fences first) is seen: then
     * {@link UnderTakeover}, and the fence stays.
     */
    public Uni<Long> unfence(String node, String reason) {
        return fences.lock(node, true).chain(f -> takeovers.ofFailedNode(node).map(all -> {
            all.stream().filter(t -> !t.phase.finished()).findFirst().ifPresent(t -> {
                throw new UnderTakeover("Node " + node + " is under takeover " + t.takeoverId + " (phase " + t.phase
                        + "): its fence stays until the takeover has moved its drives");
            });
            if (!f.fenced) {
                return null;
            }
            f.fenced = false;
            f.epoch++;
            f.reason = reason;
            f.changedAt = OffsetDateTime.now(clock);
            LOG.infof("node=%s unfenced at epoch %d: %s", node, f.epoch, reason);
            return f.epoch;
        }));
    }

    /** The node's fence row, in the caller's session; null when none was ever needed. */
    public Uni<NodeFence> current(String node) {
        return fences.findById(node);
    }
}
