package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.LivenessChange;
import dev.mooring.health.domain.LivenessPolicy;
import dev.mooring.health.domain.NodeLiveness;
import dev.mooring.health.domain.NodeState;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.repository.NodeHealthRecord;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.kit.lease.LeaderLease;
import dev.mooring.kit.lease.LeaderLeases;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every liveness transition, each in one transaction with the events it emits: the node's row is read locked
 * (due rows with SKIP LOCKED), the {@link NodeLiveness} is rebuilt from it, moved, and written back with its
 * new next deadline. A transition thus commits exactly once however often the scheduler, a heartbeat or a
 * second instance reach the same node, and a crash before the commit leaves the stored deadline in place.
 * Each transaction first checks the leader lease ({@link LivenessLoop#LEASE}, the fence): an instance that does not
 * hold it decides nothing, and the next holder cannot take the lease over before a decision under way commits.
 */
@ApplicationScoped
public class LivenessTransitions {

    private static final Logger LOG = Logger.getLogger(LivenessTransitions.class);

    @Inject
    NodeHealthRepository nodes;

    @Inject
    TakeoverCoordinator coordinator;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    Outbox outbox;

    @Inject
    NodeEvents events;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    TakeoverPauses pauses;

    @Inject
    LeaderLeases leases;

    LivenessPolicy policy() {
        return new LivenessPolicy(config.gracePeriod(), config.takeoverAfter());
    }

    LeaderLease lease() {
        return leases.lease(LivenessLoop.LEASE);
    }

    /**
     * Applies the node's latest heartbeat now (a first sight, a recovery, a return after takeover) — the later of
     * the one held here and one another instance recorded. Null when there is none, or when this instance does not
     * hold the lease (then nothing was decided).
     */
    public Uni<NodeState> heartbeat(String name) {
        Optional<HeartbeatTracker.Beat> memory = tracker.latest(name);
        if (memory.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withTransaction(() -> lease().heldInTransaction().chain(held -> !held
                ? Uni.createFrom().<NodeState>nullItem()
                : nodes.lockOrCreate(name, Times.stored(clock.instant())).chain(record -> {
                    NodeLiveness liveness = restore(record);
                    return applyHeartbeat(record, liveness, later(memory, record).orElseThrow())
                            .chain(() -> save(record, liveness))
                            .map(ignored -> liveness.state());
                }))).invoke(state -> {
                    if (state != null) {
                        tracker.knownState(name, state == NodeState.Online);
                        tracker.flushed(name, memory.get().at());
                    }
                });
    }

    /** The later of the heartbeat held in memory and the one another instance saw and recorded on the row. */
    static Optional<HeartbeatTracker.Beat> later(Optional<HeartbeatTracker.Beat> memory, NodeHealthRecord record) {
        Instant seen = Times.instant(record.seenHeartbeatAt);
        if (seen == null || memory.isPresent() && !seen.isAfter(memory.get().at())) {
            return memory;
        }
        return Optional.of(new HeartbeatTracker.Beat(seen, record.seenHeartbeatSignal == null ? "unknown"
                : record.seenHeartbeatSignal));
    }

    /**
     * Handles up to {@code limit} nodes whose stored deadline is due; returns how many it handled (the loop
     * comes back for more when the batch was full). Before {@code offlineNotBefore} no Online node is declared
     * Offline: just after a start the watchers have not yet delivered the heartbeats that arrived meanwhile.
     * Stored takeover deadlines fire regardless — they rest on the silence seen before the restart.
     */
    public Uni<Integer> fireDue(int limit, Instant offlineNotBefore) {
        Instant now = clock.instant();
        boolean takeoversAllowed = pauses.mayDecide(now);
        List<String[]> known = new ArrayList<>();
        return Panache.withTransaction(() -> lease().heldInTransaction().chain(held -> !held
                ? Uni.createFrom().item(0) // not the leader (any more): the holder fires the deadlines
                : nodes.lockDue(Times.stored(now), limit).chain(rows -> Multi.createFrom()
                .iterable(rows)
                .onItem().transformToUniAndConcatenate(record -> {
                    NodeLiveness liveness = restore(record);
                    // A heartbeat not yet applied comes first — held here, or seen and recorded by another instance
                    // (its flushed heartbeats of Online nodes are in the row already): the node may be alive.
                    Uni<Void> folded = later(tracker.latest(record.name), record)
                            .map(b -> applyHeartbeat(record, liveness, b)).orElse(Uni.createFrom().voidItem());
                    if (liveness.state() == NodeState.Online && now.isBefore(offlineNotBefore)) {
                        return folded.chain(() -> save(record, liveness)).invoke(() -> {
                            Instant natural = liveness.nextDeadline();
                            record.nextDeadlineAt = Times.stored(natural.isBefore(offlineNotBefore)
                                    ? offlineNotBefore : natural);
                            known.add(new String[] {record.name, liveness.state().name()});
                        });
                    }
                    return folded.chain(() -> applyTime(record, liveness, takeoversAllowed))
                            .chain(() -> save(record, liveness))
                            .invoke(() -> known.add(new String[] {record.name, liveness.state().name()}));
                })
                .collect().asList()
                .map(List::size))))
                .invoke(() -> known.forEach(k -> tracker.knownState(k[0], NodeState.Online.name().equals(k[1]))));
    }

    private Uni<Void> applyTime(NodeHealthRecord record, NodeLiveness liveness, boolean takeoversAllowed) {
        NodeState before = liveness.state();
        List<LivenessChange> changes = liveness.tick(takeoversAllowed);
        if (changes.isEmpty() && before == NodeState.TakeoverPending) {
            // A blocked takeover's retry (periodic, or brought forward by a candidate's arrival); not while paused.
            return takeoversAllowed ? coordinator.decide(record, liveness, pendingDue(liveness))
                    : Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (LivenessChange change : changes) {
            chain = chain.chain(() -> apply(record, liveness, change, null));
        }
        return chain;
    }

    private Uni<Void> applyHeartbeat(NodeHealthRecord record, NodeLiveness liveness, HeartbeatTracker.Beat beat) {
        NodeState before = liveness.state();
        if (!pauses.mayDecide(clock.instant())) {
            // Back after its deadline while takeovers are paused: the silence was not evidence; it recovers.
            liveness.holdTakeover().ifPresent(held -> logHeld(record, (LivenessChange.TakeoverHeld) held));
        }
        Optional<LivenessChange> change = liveness.heartbeat(beat.at());
        if (change.isEmpty()) {
            if (before == NodeState.Unknown && liveness.state() == NodeState.Online) {
                LOG.infof("node=%s first heartbeat (%s): Online", record.name, beat.signal());
                return nodes.wakePendingTakeovers(Times.stored(clock.instant())).replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        }
        Uni<Void> applied = apply(record, liveness, change.get(), beat);
        if (change.get() instanceof LivenessChange.TakeoverDue) {
            // Back only after the deadline: the takeover was decided (or blocked) first; now the heartbeat counts.
            return applied.chain(() -> liveness.heartbeat(beat.at())
                    .map(next -> apply(record, liveness, next, beat)).orElse(Uni.createFrom().voidItem()));
        }
        return applied;
    }

    private Uni<Void> apply(NodeHealthRecord record, NodeLiveness liveness, LivenessChange change,
                            HeartbeatTracker.Beat beat) {
        Instant now = clock.instant();
        if (change instanceof LivenessChange.WentOffline offline) {
            List<String> signals = tracker.silentSignals(record.name);
            record.decisionSignals = String.join(",", signals);
            LOG.warnf("node=%s Offline: no heartbeat since %s; takeover deadline %s (signals %s)", record.name,
                    offline.lastHeartbeatAt(), offline.takeoverDeadlineAt(), signals);
            // One Event per outage: its id is the occurrence.
            Notice notice = new Notice(Subject.node(record.name, null), KubeEvents.WARNING, "NodeOffline",
                    "No heartbeat from " + record.name + " since " + offline.lastHeartbeatAt() + " ("
                            + String.join(", ", signals) + "); a storage node is taken over at "
                            + offline.takeoverDeadlineAt() + " unless it returns", offline.outageId().toString());
            return kubeEvents.record(notice).chain(() -> outbox.record(events.offline(record.name, offline, signals)));
        }
        if (change instanceof LivenessChange.Recovered recovered) {
            List<String> signals = List.of(beat == null ? "unknown" : beat.signal());
            record.decisionSignals = String.join(",", signals);
            LOG.infof("node=%s recovered after %d ms (%s)", record.name, recovered.outage().toMillis(), signals);
            Notice notice = new Notice(Subject.node(record.name, null), KubeEvents.NORMAL, "NodeRecovered",
                    record.name + " is back after " + recovered.outage().toMillis() + " ms, before any takeover; its"
                            + " connections are verified", String.valueOf(recovered.outageId()));
            return kubeEvents.record(notice)
                    .chain(() -> coordinator.abandon(recovered.outageId(), now))
                    .chain(() -> outbox.record(events.recovered(record.name, recovered, signals)))
                    .chain(() -> nodes.wakePendingTakeovers(Times.stored(now)).replaceWithVoid());
        }
        if (change instanceof LivenessChange.TakeoverDue due) {
            return coordinator.decide(record, liveness, due);
        }
        if (change instanceof LivenessChange.TakeoverHeld held) {
            logHeld(record, held);
            return Uni.createFrom().voidItem();
        }
        if (change instanceof LivenessChange.BackAfterTakeover back) {
            record.decisionSignals = beat == null ? null : beat.signal();
            LOG.infof("node=%s back after its takeover %s: Online, storageless, no reattach", record.name,
                    back.outageId());
            return nodes.wakePendingTakeovers(Times.stored(now)).replaceWithVoid();
        }
        throw new IllegalStateException("unhandled change " + change);
    }

    private void logHeld(NodeHealthRecord record, LivenessChange.TakeoverHeld held) {
        TakeoverGate.State gate = pauses.state();
        LOG.warnf("node=%s takeover deadline %s passed while takeovers %s: held; it recovers if its heartbeat returns",
                record.name, held.deadlineAt(), gate.paused() ? "are paused " + gate.causes().stream()
                        .map(c -> c.reason().name()).toList() : "wait one grace after a pause (until "
                        + gate.decideNotBefore(pauses.grace()) + ")");
    }

    private static LivenessChange.TakeoverDue pendingDue(NodeLiveness liveness) {
        return new LivenessChange.TakeoverDue(liveness.outageId(), liveness.lastHeartbeatAt(),
                liveness.takeoverDeadlineAt());
    }

    private Uni<Void> save(NodeHealthRecord record, NodeLiveness liveness) {
        NodeLiveness.Snapshot s = liveness.snapshot();
        record.state = s.state().name();
        record.lastHeartbeatAt = Times.stored(s.lastHeartbeatAt());
        record.onlineSince = Times.stored(s.onlineSince());
        record.outageId = s.outageId();
        record.offlineSince = Times.stored(s.offlineSince());
        record.takeoverDeadlineAt = Times.stored(s.takeoverDeadlineAt());
        record.takeoverWaived = s.takeoverWaived();
        record.takeoverHeldSince = Times.stored(s.takeoverHeldSince());
        Instant next = s.nextDeadlineAt();
        if (s.state() == NodeState.TakeoverPending) {
            next = clock.instant().plus(config.blockedRetryInterval());
        } else if (s.state() == NodeState.Offline && s.takeoverHeldSince() != null) {
            next = pauses.recheckAt(clock.instant());
        }
        record.nextDeadlineAt = Times.stored(next);
        record.updatedAt = Times.stored(clock.instant());
        return Uni.createFrom().voidItem(); // the row is managed: written at commit
    }

    NodeLiveness restore(NodeHealthRecord r) {
        return NodeLiveness.restore(new NodeLiveness.Snapshot(r.name, NodeState.valueOf(r.state),
                Times.instant(r.lastHeartbeatAt), Times.instant(r.onlineSince), r.outageId,
                Times.instant(r.offlineSince), Times.instant(r.takeoverDeadlineAt), r.takeoverWaived,
                Times.instant(r.nextDeadlineAt), Times.instant(r.takeoverHeldSince)), policy(), clock);
    }
}
