package dev.mooring.health.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.health.domain.TakeoverGate.Nodes;
import dev.mooring.health.domain.TakeoverGate.Reason;
import dev.mooring.health.domain.TakeoverGate.Settings;
import dev.mooring.health.domain.TakeoverGate.State;
import dev.mooring.health.domain.TakeoverGate.Verdict;
import dev.mooring.health.domain.TakeoverGate.WatchHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** When takeovers pause: mass silence, a disconnected or a stale watch; and the gate's life over time. */
class TakeoverGateTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final Duration GRACE = Duration.ofSeconds(40);
    private static final Settings DEFAULTS = Settings.defaults(GRACE);
    private static final WatchHealth LEASES_FINE = new WatchHealth("lease", true, null, NOW.minusSeconds(2), true);

    /** {@code silent} nodes of {@code followed}, gone Offline {@code spreadSeconds} apart (oldest first). */
    private static Nodes nodes(int followed, int silent, int spreadSeconds) {
        List<Instant> since = new ArrayList<>();
        for (int i = 0; i < silent; i++) {
            since.add(NOW.minusSeconds(100).plusSeconds((long) i * spreadSeconds));
        }
        return new Nodes(followed, since);
    }

    static Stream<Arguments> massSilence() {
        return Stream.of(
                // followed, silent, seconds apart, paused
                Arguments.of(10, 0, 0, false),
                Arguments.of(10, 1, 0, false),   // a single dead node among live ones
                Arguments.of(10, 2, 0, false),   // below the minimum of 3
                Arguments.of(10, 3, 0, false),   // 3 of 10 is not more than a third
                Arguments.of(10, 4, 0, true),
                Arguments.of(10, 5, 5, true),    // 5 within 20 s
                Arguments.of(10, 7, 0, true),
                Arguments.of(10, 10, 1, true),
                Arguments.of(9, 3, 0, false),    // exactly a third is not more (no rounding of 1/3)
                Arguments.of(9, 4, 0, true),
                Arguments.of(3, 3, 0, true),     // all of a small cluster at once
                Arguments.of(4, 2, 0, false),    // half, but below the minimum
                Arguments.of(10, 5, 41, false),  // five silences, each more than a grace after the previous
                Arguments.of(10, 5, 10, true),   // 40 s from first to last: still within one grace
                Arguments.of(10, 4, 14, false)); // 0, 14, 28, 42 s: at most 3 within any 40 s
    }

    @ParameterizedTest(name = "{1} of {0} silent, {2}s apart: paused={3}")
    @MethodSource("massSilence")
    void massSilencePausesAboveAThirdAndAtLeastThree(int followed, int silent, int apart, boolean paused) {
        Verdict v = TakeoverGate.evaluate(DEFAULTS, nodes(followed, silent, apart), List.of(LEASES_FINE), NOW);

        assertThat(v.paused()).isEqualTo(paused);
        if (paused) {
            assertThat(v.reasons()).containsExactly(Reason.MassSilence);
            assertThat(v.causes().get(0).toString()).startsWith("MassSilence: " + silent + " of " + followed
                    + " nodes went Offline within 40s");
        }
    }

    @Test
    void theLargestGroupWithinOneGraceCounts() {
        // Two dead 10 minutes ago, then 3 within 5 s now: the group of 3 is what counts (3 of 8 > a third).
        List<Instant> since = List.of(NOW.minusSeconds(600), NOW.minusSeconds(590), NOW.minusSeconds(5),
                NOW.minusSeconds(3), NOW);
        Verdict v = TakeoverGate.evaluate(DEFAULTS, new Nodes(8, since), List.of(), NOW);
        assertThat(v.causes()).singleElement().satisfies(c -> assertThat(c.message()).startsWith("3 of 8"));
    }

    @ParameterizedTest(name = "connected={0} disconnected {1}s ago, last contact {2}s ago, steady={3}: {4}")
    @CsvSource({
            "true,  -1, 2,  true,  ''",
            "true,  -1, 40, true,  ''",                      // at the bound: not yet stale
            "true,  -1, 41, true,  ApiServerStale",
            "true,  -1, 600, false, ''",                     // Nodes may stay quiet for minutes
            "false, 5,  10, true,  ''",                      // reconnecting within the tolerance
            "false, 6,  10, true,  ApiServerUnreachable",
            "false, 180, 180, true, ApiServerUnreachable"})  // disconnected: unreachable, not (also) stale
    void theWatchesViewOfTheApiServer(boolean connected, int disconnectedAgo, int contactAgo, boolean steady,
                                      String reason) {
        WatchHealth w = new WatchHealth("lease", connected, disconnectedAgo < 0 ? null
                : NOW.minusSeconds(disconnectedAgo), NOW.minusSeconds(contactAgo), steady);
        Verdict v = TakeoverGate.evaluate(DEFAULTS, nodes(10, 0, 0), List.of(w), NOW);
        if (reason.isEmpty()) {
            assertThat(v.paused()).isFalse();
        } else {
            assertThat(v.reasons()).containsExactly(Reason.valueOf(reason));
            assertThat(v.causes().get(0).message()).contains("lease");
        }
    }

    @Test
    void aWatchThatNeverHeardAnythingIsNotStaleAndAllReasonsAreReported() {
        WatchHealth empty = new WatchHealth("lease", true, null, null, true);
        assertThat(TakeoverGate.evaluate(DEFAULTS, nodes(10, 0, 0), List.of(empty), NOW).paused()).isFalse();

        WatchHealth nodesDown = new WatchHealth("node", false, NOW.minusSeconds(60), NOW.minusSeconds(60), false);
        WatchHealth leasesStale = new WatchHealth("lease", true, null, NOW.minusSeconds(60), true);
        Verdict v = TakeoverGate.evaluate(DEFAULTS, nodes(10, 7, 1), List.of(leasesStale, nodesDown), NOW);
        assertThat(v.reasons()).containsExactly(Reason.MassSilence, Reason.ApiServerStale,
                Reason.ApiServerUnreachable);
        assertThat(v.causes().get(2).message()).isEqualTo("node watch disconnected since " + NOW.minusSeconds(60));
    }

    @Test
    void aPauseKeepsItsStartAndItsEndStartsAFreshGrace() {
        Verdict mass = new Verdict(List.of(new TakeoverGate.Cause(Reason.MassSilence, "5 of 10")));
        Verdict cut = new Verdict(List.of(new TakeoverGate.Cause(Reason.ApiServerUnreachable, "lease")));
        State s = State.initial();
        assertThat(s.mayDecide(NOW, GRACE)).isTrue();

        s = s.next(mass, NOW);
        assertThat(s.paused()).isTrue();
        assertThat(s.since()).isEqualTo(NOW);
        assertThat(s.mayDecide(NOW, GRACE)).isFalse();
        assertThat(s.decideNotBefore(GRACE)).isNull();

        s = s.next(cut, NOW.plusSeconds(30)); // other causes, same pause
        assertThat(s.since()).isEqualTo(NOW);
        assertThat(s.causes()).extracting(TakeoverGate.Cause::reason).containsExactly(Reason.ApiServerUnreachable);

        Instant resumed = NOW.plusSeconds(180);
        s = s.next(Verdict.open(), resumed);
        assertThat(s.paused()).isFalse();
        assertThat(s.resumedAt()).isEqualTo(resumed);
        assertThat(s.mayDecide(resumed.plusSeconds(39), GRACE)).isFalse(); // signals get one grace to come back
        assertThat(s.mayDecide(resumed.plusSeconds(40), GRACE)).isTrue();
        assertThat(s.decideNotBefore(GRACE)).isEqualTo(resumed.plusSeconds(40));
        assertThat(s.next(Verdict.open(), resumed.plusSeconds(60))).isSameAs(s);
    }

    @Test
    void theRealDefaultsAreMoreThanAThirdAtLeastThreeAndStaleAfterTheGrace() {
        assertThat(DEFAULTS.share()).isEqualTo(new Share(1, 3));
        assertThat(DEFAULTS.minimum()).isEqualTo(3);
        assertThat(DEFAULTS.staleAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(DEFAULTS.reconnectTolerance()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"1/3, 1/3", "0.5, 5/10", "1, 1/1", "' 2 / 5 ', 2/5", "0, 0/1"})
    void sharesAreExactFractions(String text, String parsed) {
        assertThat(Share.parse(text).toString()).isEqualTo(parsed);
    }

    @ParameterizedTest
    @CsvSource({"abc", "4/3", "-1/3", "1/0", "1.5", "''"})
    void aBadShareIsRefusedWithWhatIsExpected(String text) {
        assertThatThrownBy(() -> Share.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a share");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new Settings(new Share(1, 3), 0, GRACE, GRACE, Duration.ZERO))
                .hasMessageContaining("mass-silence-minimum");
        assertThatThrownBy(() -> new Settings(new Share(1, 3), 3, GRACE, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("stale-after");
    }
}
