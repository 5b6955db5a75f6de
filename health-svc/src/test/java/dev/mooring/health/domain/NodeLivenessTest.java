package dev.mooring.health.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The two-minute rule with a fake clock: every transition, the boundaries, and restarts from stored state. */
class NodeLivenessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final LivenessPolicy POLICY = LivenessPolicy.defaults();

    private final MutableClock clock = new MutableClock(T0);

    /** A node whose last heartbeat was at T0, then silent; the clock is moved second by second to {@code at}. */
    private NodeLiveness silentSince(Duration at, List<LivenessChange> seen) {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        for (long s = 1; s <= at.toSeconds(); s++) {
            clock.set(T0.plusSeconds(s));
            seen.addAll(node.tick());
        }
        clock.set(T0.plus(at));
        seen.addAll(node.tick());
        return node;
    }

    static Stream<Arguments> silence() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(39), NodeState.Online, List.of()),
                Arguments.of(Duration.ofMillis(39_999), NodeState.Online, List.of()),
                Arguments.of(Duration.ofSeconds(40), NodeState.Offline, List.of("WentOffline")),
                Arguments.of(Duration.ofSeconds(41), NodeState.Offline, List.of("WentOffline")),
                Arguments.of(Duration.ofSeconds(119), NodeState.Offline, List.of("WentOffline")),
                Arguments.of(Duration.ofMillis(119_999), NodeState.Offline, List.of("WentOffline")),
                Arguments.of(Duration.ofSeconds(120), NodeState.TakeoverPending, List.of("WentOffline", "TakeoverDue")),
                Arguments.of(Duration.ofSeconds(121), NodeState.TakeoverPending, List.of("WentOffline", "TakeoverDue")),
                Arguments.of(Duration.ofSeconds(600), NodeState.TakeoverPending, List.of("WentOffline", "TakeoverDue")));
    }

    @ParameterizedTest(name = "silent for {0}: {1} after {2}")
    @MethodSource("silence")
    void silenceLeadsOfflineThenToTheTakeoverDeadline(Duration silent, NodeState expected, List<String> changes) {
        List<LivenessChange> seen = new ArrayList<>();
        NodeLiveness node = silentSince(silent, seen);

        assertThat(node.state()).isEqualTo(expected);
        assertThat(seen).extracting(c -> c.getClass().getSimpleName()).containsExactlyElementsOf(changes);
    }

    static Stream<Arguments> comeback() {
        return Stream.of(
                // back at (s): the change the heartbeat makes
                Arguments.of(39, null), // a flap inside the grace period is no outage
                Arguments.of(41, "Recovered"),
                Arguments.of(60, "Recovered"),
                Arguments.of(119, "Recovered"),
                Arguments.of(121, "BackAfterTakeover")); // the deadline fired at 120 s and a replacement was decided
    }

    @ParameterizedTest(name = "back at {0} s: {1}")
    @MethodSource("comeback")
    void aNodeThatComesBackIsOnlineAgainRecoveredOnlyBeforeTheDeadline(int backAt, String change) {
        List<LivenessChange> seen = new ArrayList<>();
        NodeLiveness node = silentSince(Duration.ofSeconds(backAt), seen);
        if (node.state() == NodeState.TakeoverPending) {
            node.takeoverDecided(); // what the coordinator does at the deadline when a candidate exists
        }

        Optional<LivenessChange> back = node.heartbeat(clock.instant());

        if (change == null) {
            assertThat(back).isEmpty();
            assertThat(seen).isEmpty();
        } else if (change.equals("Recovered")) {
            LivenessChange.Recovered recovered = (LivenessChange.Recovered) back.orElseThrow();
            assertThat(recovered.outage()).isEqualTo(Duration.ofSeconds(backAt));
            assertThat(recovered.lastHeartbeatAt()).isEqualTo(T0);
            assertThat(seen).noneMatch(c -> c instanceof LivenessChange.TakeoverDue);
        } else {
            assertThat(seen).last().isInstanceOf(LivenessChange.TakeoverDue.class);
            assertThat(back).get().isInstanceOf(LivenessChange.BackAfterTakeover.class); // no NodeRecovered
        }
        assertThat(node.state()).isEqualTo(NodeState.Online); // after a takeover: a storageless candidate
        assertThat(node.nextDeadline()).isEqualTo(clock.instant().plusSeconds(40));
    }

    @Test
    void aHeartbeatThatArrivesAfterTheDeadlineButBeforeTheSchedulerFiredStillLetsTheTakeoverGoOn() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(45));
        assertThat(node.tick()).hasSize(1);
        clock.set(T0.plusMillis(120_500)); // the scheduler has not run since 45 s

        assertThat(node.heartbeat(clock.instant())).get().isInstanceOf(LivenessChange.TakeoverDue.class);
        assertThat(node.state()).isEqualTo(NodeState.TakeoverPending);
    }

    @Test
    void aRenewalFromBeforeTheSilenceSeenOnlyAfterTheNodeWentOfflineMovesTheDeadlineAndRecoversNothing() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(45));
        assertThat(node.tick()).hasSize(1);
        // The other instance saw a renewal 7 ms after the last one this view had, and it arrives now, 45 s later.
        clock.set(T0.plusSeconds(50));

        assertThat(node.heartbeat(T0.plusMillis(7))).isEmpty();

        assertThat(node.state()).isEqualTo(NodeState.Offline);
        assertThat(node.lastHeartbeatAt()).isEqualTo(T0.plusMillis(7));
        assertThat(node.nextDeadline()).as("two minutes after the last heartbeat").isEqualTo(T0.plusMillis(120_007));
        // A renewal after the node went Offline is a sign of life, however late it is seen: the node recovers.
        clock.set(T0.plusSeconds(100));
        assertThat(node.heartbeat(T0.plusSeconds(46))).get().isInstanceOf(LivenessChange.Recovered.class);
    }

    @Test
    void theDeadlineCountsFromTheLastHeartbeatNotFromWhenOfflineWasNoticed() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(70)); // the scheduler was away: noticed late
        List<LivenessChange> changes = node.tick();

        LivenessChange.WentOffline offline = (LivenessChange.WentOffline) changes.get(0);
        assertThat(offline.lastHeartbeatAt()).isEqualTo(T0);
        assertThat(offline.takeoverDeadlineAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(node.nextDeadline()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aBlockedTakeoverEndsWithARecoveryWhenTheNodeReturns() {
        List<LivenessChange> seen = new ArrayList<>();
        NodeLiveness node = silentSince(Duration.ofSeconds(130), seen);
        node.takeoverBlocked();
        clock.set(T0.plusSeconds(200));

        LivenessChange.Recovered recovered = (LivenessChange.Recovered) node.heartbeat(clock.instant()).orElseThrow();

        assertThat(recovered.outage()).isEqualTo(Duration.ofSeconds(200));
        assertThat(node.state()).isEqualTo(NodeState.Online);
    }

    @Test
    void aNodeThatIsNotAStorageNodeStaysOfflineWithoutDeadlineUntilItReturns() {
        List<LivenessChange> seen = new ArrayList<>();
        NodeLiveness node = silentSince(Duration.ofSeconds(120), seen);
        node.takeoverNotNeeded();

        assertThat(node.state()).isEqualTo(NodeState.Offline);
        assertThat(node.nextDeadline()).isNull();
        clock.set(T0.plusSeconds(900));
        assertThat(node.tick()).isEmpty();
        assertThat(node.heartbeat(clock.instant())).get().isInstanceOf(LivenessChange.Recovered.class);
    }

    @Test
    void aStaleHeartbeatChangesNothing() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(50));
        node.tick();

        // A restart lists the node's Lease again, with its old renewTime: not a sign of life.
        assertThat(node.heartbeat(T0)).isEmpty();
        assertThat(node.heartbeat(T0.minusSeconds(5))).isEmpty();
        assertThat(node.state()).isEqualTo(NodeState.Offline);
    }

    @Test
    void aHeartbeatFromTheFutureCountsAsNow() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0.plusSeconds(3600)); // a node clock far ahead must not keep it alive for an hour

        assertThat(node.lastHeartbeatAt()).isEqualTo(T0);
        assertThat(node.nextDeadline()).isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void anUnknownNodeHasNoDeadlineUntilItsFirstHeartbeat() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        clock.set(T0.plusSeconds(1000));

        assertThat(node.tick()).isEmpty();
        assertThat(node.nextDeadline()).isNull();
        assertThat(node.heartbeat(clock.instant())).isEmpty();
        assertThat(node.state()).isEqualTo(NodeState.Online);
        assertThat(node.onlineSince()).isEqualTo(clock.instant());
    }

    static Stream<Arguments> restartAt() {
        return Stream.of(Arguments.of(30), Arguments.of(41), Arguments.of(90), Arguments.of(119), Arguments.of(121),
                Arguments.of(300));
    }

    @ParameterizedTest(name = "restarted at {0} s: the deadline fires once, at 120 s")
    @MethodSource("restartAt")
    void aRestartRebuildsFromTheStoredSnapshotAndFiresTheDeadlineExactlyOnce(int restartSeconds) {
        NodeLiveness before = NodeLiveness.unknown("node-1", POLICY, clock);
        before.heartbeat(T0);
        List<LivenessChange> seen = new ArrayList<>();
        for (int s = 1; s < restartSeconds; s++) {
            clock.set(T0.plusSeconds(s));
            seen.addAll(before.tick());
        }
        NodeLiveness.Snapshot stored = before.snapshot();

        // The service was down from restartSeconds-1 on; a new process rebuilds the node from the store.
        clock.set(T0.plusSeconds(restartSeconds));
        NodeLiveness after = NodeLiveness.restore(stored, POLICY, clock);
        for (int s = restartSeconds; s <= 400; s++) {
            clock.set(T0.plusSeconds(s));
            List<LivenessChange> changes = after.tick();
            seen.addAll(changes);
            NodeLiveness.Snapshot again = after.snapshot(); // every tick is a commit: restore mid-way too
            after = NodeLiveness.restore(again, POLICY, clock);
        }

        assertThat(seen).filteredOn(c -> c instanceof LivenessChange.WentOffline).hasSize(1);
        assertThat(seen).filteredOn(c -> c instanceof LivenessChange.TakeoverDue).hasSize(1)
                .first().extracting(c -> ((LivenessChange.TakeoverDue) c).deadlineAt())
                .isEqualTo(T0.plusSeconds(120));
        assertThat(after.outageId()).isEqualTo(((LivenessChange.WentOffline) seen.get(0)).outageId());
    }

    @Test
    void decisionsAreOnlyTakenInTheirState() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);

        assertThatThrownBy(node::takeoverDecided).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node-1").hasMessageContaining("Online");
        assertThatThrownBy(node::takeoverNotNeeded).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePolicyRefusesATakeoverBeforeTheGracePeriodEnds() {
        assertThatThrownBy(() -> new LivenessPolicy(Duration.ofSeconds(40), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takeover-after");
    }

    @Test
    void aDeadlineThatPassesWhileTakeoversArePausedIsHeldAndAHeartbeatThenRecoversTheNode() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(40));
        assertThat(node.tick(false)).extracting(c -> c.getClass().getSimpleName()).containsExactly("WentOffline");
        clock.set(T0.plusSeconds(120));
        List<LivenessChange> held = node.tick(false);
        assertThat(held).singleElement().isInstanceOf(LivenessChange.TakeoverHeld.class);
        assertThat(node.state()).isEqualTo(NodeState.Offline);
        assertThat(node.takeoverDeadlineAt()).isEqualTo(T0.plusSeconds(120)); // kept
        clock.set(T0.plusSeconds(150));
        assertThat(node.tick(false)).isEmpty(); // held once
        NodeLiveness restored = NodeLiveness.restore(node.snapshot(), POLICY, clock);
        assertThat(restored.takeoverHeldSince()).isEqualTo(T0.plusSeconds(120));

        // Back after the deadline, but it was held: recovered, not taken over.
        clock.set(T0.plusSeconds(300));
        Optional<LivenessChange> back = restored.heartbeat(T0.plusSeconds(300));
        assertThat(back).containsInstanceOf(LivenessChange.Recovered.class);
        assertThat(restored.state()).isEqualTo(NodeState.Online);
        assertThat(restored.takeoverHeldSince()).isNull();
    }

    @Test
    void aHeldNodeStillSilentWhenTakeoversAreAllowedAgainIsDue() {
        NodeLiveness node = NodeLiveness.unknown("node-1", POLICY, clock);
        node.heartbeat(T0);
        clock.set(T0.plusSeconds(40));
        node.tick(false);
        clock.set(T0.plusSeconds(130));
        node.tick(false);
        clock.set(T0.plusSeconds(200));
        assertThat(node.tick(true)).singleElement().isInstanceOf(LivenessChange.TakeoverDue.class);
        assertThat(node.state()).isEqualTo(NodeState.TakeoverPending);
    }
}
