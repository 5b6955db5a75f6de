package dev.mooring.health.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One node's liveness: the state machine of the two-minute rule, plain Java driven by an injected clock.
 *
 * <pre>
 *  Unknown --heartbeat--> Online --(no heartbeat for grace)--> Offline --(heartbeat before deadline)--> Online  [Recovered]
 *                                                                 |
 *                                          (takeover deadline = last heartbeat + takeover-after)
 *                                                                 v
 *                                                          TakeoverPending --decided--> TakenOver --heartbeat--> Online (storageless, no event)
 *                                                                 |  (blocked: retried)
 *                                                                 +--heartbeat--> Online [Recovered, takeover abandoned]
 * </pre>
 *
 * While takeovers are paused ({@link TakeoverGate}) a deadline that passes is <em>held</em>: the node stays
 * Offline with its deadline kept, and a heartbeat then recovers it (its silence was not trustworthy evidence).
 *
 * Every deadline is an absolute instant derived from the last heartbeat and kept in the {@link Snapshot}, so a
 * node rebuilt from its stored snapshot after a restart continues the same clock: nothing is lost, restarted or
 * fired twice (the store guards each transition by the version it read).
 */
public final class NodeLiveness {

    private final LivenessPolicy policy;
    private final Clock clock;
    private final String name;
    private NodeState state;
    private Instant lastHeartbeatAt;
    private Instant onlineSince;
    private UUID outageId;
    private Instant offlineSince;
    private Instant takeoverDeadlineAt;
    /** Offline without a takeover to come (not a storage node): only a heartbeat ends it. */
    private boolean takeoverWaived;
    /** When the deadline passed while takeovers were paused; null when it was not held. */
    private Instant takeoverHeldSince;

    /** What is stored of a node's liveness; {@code nextDeadlineAt} is what the scheduler queries. */
    public record Snapshot(String name, NodeState state, Instant lastHeartbeatAt, Instant onlineSince, UUID outageId,
                           Instant offlineSince, Instant takeoverDeadlineAt, boolean takeoverWaived,
                           Instant nextDeadlineAt, Instant takeoverHeldSince) {

        /** A snapshot of a node whose takeover was never held. */
        public Snapshot(String name, NodeState state, Instant lastHeartbeatAt, Instant onlineSince, UUID outageId,
                        Instant offlineSince, Instant takeoverDeadlineAt, boolean takeoverWaived,
                        Instant nextDeadlineAt) {
            this(name, state, lastHeartbeatAt, onlineSince, outageId, offlineSince, takeoverDeadlineAt, takeoverWaived,
                    nextDeadlineAt, null);
        }
    }

    private NodeLiveness(String name, LivenessPolicy policy, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = NodeState.Unknown;
    }

    /** A node seen for the first time (no heartbeat yet). */
    public static NodeLiveness unknown(String name, LivenessPolicy policy, Clock clock) {
        return new NodeLiveness(name, policy, clock);
    }

    /** A node rebuilt from what was stored. */
    public static NodeLiveness restore(Snapshot s, LivenessPolicy policy, Clock clock) {
        NodeLiveness n = new NodeLiveness(s.name(), policy, clock);
        n.state = s.state();
        n.lastHeartbeatAt = s.lastHeartbeatAt();
        n.onlineSince = s.onlineSince();
        n.outageId = s.outageId();
        n.offlineSince = s.offlineSince();
        n.takeoverDeadlineAt = s.takeoverDeadlineAt();
        n.takeoverWaived = s.takeoverWaived();
        n.takeoverHeldSince = s.takeoverHeldSince();
        return n;
    }

    public Snapshot snapshot() {
        return new Snapshot(name, state, lastHeartbeatAt, onlineSince, outageId, offlineSince, takeoverDeadlineAt,
                takeoverWaived, nextDeadline(), takeoverHeldSince);
    }

    /**
     * A heartbeat that happened at {@code at} (never later than now). One older than the last one known is
     * ignored: a stale Lease listed again after a restart must not revive a dead node.
     */
    public Optional<LivenessChange> heartbeat(Instant at) {
        Instant now = clock.instant();
        Instant beat = at.isAfter(now) ? now : at;
        if (lastHeartbeatAt != null && !beat.isAfter(lastHeartbeatAt)) {
            return Optional.empty();
        }
        switch (state) {
            case Unknown -> {
                goOnline(beat);
                return Optional.empty();
            }
            case Online -> {
                lastHeartbeatAt = beat;
                return Optional.empty();
            }
            case Offline -> {
                if (seenLate(beat)) {
                    // Seen late (a lagging watch, or another instance's sighting of a renewal before the silence):
                    // the node was Offline even counting it, so it says nothing of now. The silence counts from it;
                    // the node stays Offline.
                    lastHeartbeatAt = beat;
                    if (!takeoverWaived && takeoverHeldSince == null) {
                        takeoverDeadlineAt = beat.plus(policy.takeoverAfter());
                    }
                    return Optional.empty();
                }
                if (!takeoverWaived && takeoverHeldSince == null && !beat.isBefore(takeoverDeadlineAt)) {
                    // Back, but only after the deadline: the takeover goes on; the heartbeat counts once decided.
                    // A held takeover is different: the deadline passed while the signal was not trusted.
                    return Optional.of(takeoverDue());
                }
                return Optional.of(recover(beat));
            }
            case TakeoverPending -> {
                if (seenLate(beat)) {
                    lastHeartbeatAt = beat; // seen late, as above: not a sign of life now
                    return Optional.empty();
                }
                // No replacement was decided: the node still owns its drives, so it simply recovers.
                return Optional.of(recover(beat));
            }
            case TakenOver -> {
                UUID outage = outageId;
                goOnline(beat);
                return Optional.of(new LivenessChange.BackAfterTakeover(outage, beat));
            }
            default -> throw new IllegalStateException("unhandled state " + state);
        }
    }

    /** What the passing of time changes now, with takeovers allowed. */
    public List<LivenessChange> tick() {
        return tick(true);
    }

    /**
     * What the passing of time changes now: going Offline, and the takeover deadline (both, after a long pause).
     * With {@code takeoversAllowed} false a deadline that passes is held instead ({@link LivenessChange.TakeoverHeld},
     * once), and the node stays Offline.
     */
    public List<LivenessChange> tick(boolean takeoversAllowed) {
        Instant now = clock.instant();
        List<LivenessChange> changes = new ArrayList<>();
        if (state == NodeState.Online && !now.isBefore(lastHeartbeatAt.plus(policy.gracePeriod()))) {
            outageId = UUID.randomUUID();
            offlineSince = now;
            takeoverDeadlineAt = lastHeartbeatAt.plus(policy.takeoverAfter());
            takeoverWaived = false;
            state = NodeState.Offline;
            changes.add(new LivenessChange.WentOffline(outageId, lastHeartbeatAt, now, takeoverDeadlineAt));
        }
        if (state == NodeState.Offline && !takeoverWaived && !now.isBefore(takeoverDeadlineAt)) {
            if (takeoversAllowed) {
                changes.add(takeoverDue());
            } else {
                holdTakeover().ifPresent(changes::add);
            }
        }
        return changes;
    }

    /**
     * Takeovers are paused: an Offline node past its deadline is held (kept Offline, deadline kept), so that a
     * heartbeat that comes back recovers it. Returns the change when it was not held yet.
     */
    public Optional<LivenessChange> holdTakeover() {
        Instant now = clock.instant();
        if (state != NodeState.Offline || takeoverWaived || takeoverHeldSince != null
                || now.isBefore(takeoverDeadlineAt)) {
            return Optional.empty();
        }
        takeoverHeldSince = now;
        return Optional.of(new LivenessChange.TakeoverHeld(outageId, takeoverDeadlineAt, now));
    }

    /** When the deadline passed while takeovers were paused (null: not held). */
    public Instant takeoverHeldSince() {
        return takeoverHeldSince;
    }

    /** The replacement was decided: from now on the node's drives are not its own. */
    public void takeoverDecided() {
        requireState(NodeState.TakeoverPending, "decide a takeover");
        state = NodeState.TakenOver;
    }

    /** No replacement could be chosen yet: stays pending; the scheduler comes back at {@code retryAt}. */
    public void takeoverBlocked() {
        requireState(NodeState.TakeoverPending, "block a takeover");
    }

    /** The node is not a storage node: nothing to take over; it stays Offline until it sends a heartbeat. */
    public void takeoverNotNeeded() {
        requireState(NodeState.TakeoverPending, "waive a takeover");
        state = NodeState.Offline;
        takeoverWaived = true;
    }

    /**
     * When the scheduler must look at this node next: going Offline, or the takeover deadline. A pending
     * (blocked) takeover has none of its own: it is retried on a candidate's arrival or periodically.
     */
    public Instant nextDeadline() {
        return switch (state) {
            case Online -> lastHeartbeatAt.plus(policy.gracePeriod());
            case Offline -> takeoverWaived ? null : takeoverDeadlineAt;
            default -> null;
        };
    }

    public String name() {
        return name;
    }

    public NodeState state() {
        return state;
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public Instant onlineSince() {
        return onlineSince;
    }

    public UUID outageId() {
        return outageId;
    }

    public Instant takeoverDeadlineAt() {
        return takeoverDeadlineAt;
    }

    /**
     * A heartbeat from before the silence, only seen now: even with it, the grace had run out when the node went
     * Offline. A heartbeat after that moment — however late it is seen — is a sign of life.
     */
    private boolean seenLate(Instant beat) {
        return offlineSince != null && !beat.plus(policy.gracePeriod()).isAfter(offlineSince);
    }

    private LivenessChange.TakeoverDue takeoverDue() {
        state = NodeState.TakeoverPending;
        return new LivenessChange.TakeoverDue(outageId, lastHeartbeatAt, takeoverDeadlineAt);
    }

    private LivenessChange.Recovered recover(Instant beat) {
        LivenessChange.Recovered recovered = new LivenessChange.Recovered(outageId, lastHeartbeatAt, beat);
        goOnline(beat);
        return recovered;
    }

    private void goOnline(Instant beat) {
        state = NodeState.Online;
        lastHeartbeatAt = beat;
        onlineSince = beat;
        outageId = null;
        offlineSince = null;
        takeoverDeadlineAt = null;
        takeoverWaived = false;
        takeoverHeldSince = null;
    }

    private void requireState(NodeState expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("cannot " + action + " for node " + name + " in state " + state);
        }
    }
}
