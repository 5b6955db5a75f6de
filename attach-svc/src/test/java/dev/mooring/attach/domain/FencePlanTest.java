package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.domain.FencePlan.Listed;
import dev.mooring.attach.domain.FencePlan.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What fencing removes, when an array confirms it, and which attachments a fence covers. */
class FencePlanTest {

    private static final List<Listed> ON_ARRAY = List.of(
            new Listed("failed", null, "drive-1"),
            new Listed("FAILED", null, "pvc-a"),                 // names compare ignoring case
            new Listed("failed", "group-x", "shared-vol"),       // through a host group: cannot be removed privately
            new Listed("replacement", null, "other"),
            new Listed("failed-2", null, "not-this-host"));

    @Test
    void everyPrivateConnectionOfTheFailedHostIsRemovedAndNothingElse() {
        assertThat(FencePlan.toRemove("failed", ON_ARRAY)).containsExactly("drive-1", "pvc-a");
    }

    @Test
    void aHostWithNothingHasNothingToRemove() {
        assertThat(FencePlan.toRemove("nobody", ON_ARRAY)).isEmpty();
    }

    @Test
    void theArrayConfirmsOnlyWhenItShowsTheFailedHostNothingAtAll() {
        assertThat(FencePlan.remaining("failed", List.of(new Listed("replacement", null, "drive-1")))).isEmpty();
        assertThat(FencePlan.remaining("failed", List.of(new Listed("Failed", null, "drive-1"))))
                .extracting(Listed::volume).containsExactly("drive-1");
        // A host-group connection still reaches the host: not a confirmed fence.
        assertThat(FencePlan.remaining("failed", List.of(new Listed("failed", "group-x", "shared-vol"))))
                .extracting(Listed::hostGroup).containsExactly("group-x");
    }

    @Test
    void confirmedWhenEveryRegisteredArrayConfirmed() {
        assertThat(FencePlan.outcome(List.of("a", "b"), List.of("b", "a"), Map.of()))
                .isEqualTo(new Outcome.Confirmed(List.of("a", "b")));
    }

    @Test
    void notConfirmedWhenAnArrayFailedOrWasNotHeardFrom() {
        assertThat(FencePlan.outcome(List.of("a", "b"), List.of("a"), Map.of("b", "unreachable")))
                .isEqualTo(new Outcome.NotConfirmed(Map.of("b", "unreachable")));
        assertThat(FencePlan.outcome(List.of("a", "b"), List.of("a"), Map.of()))
                .isEqualTo(new Outcome.NotConfirmed(Map.of("b", "not confirmed")));
    }

    @Test
    void anEmptyScopeNeverConfirms() {
        assertThat(FencePlan.outcome(List.of(), List.of(), Map.of()))
                .isEqualTo(new Outcome.NotConfirmed(Map.of(FencePlan.EMPTY_SCOPE, "no array is known (pure.json lists"
                        + " none and the node has no host, attachment or drive on any): nothing can confirm the fence")));
    }

    @Test
    void nothingIsConfirmedBeforeTheArrayDirectoryIsLoaded() {
        assertThat(FencePlan.outcome(false, List.of("a"), List.of("a"), Map.of(), List.of()))
                .isInstanceOfSatisfying(Outcome.NotConfirmed.class, n -> assertThat(n.problemsByArray())
                        .containsOnlyKeys(FencePlan.DIRECTORY));
    }

    @Test
    void anArrayAnOperatorConfirmedCountsAsConfirmedButNotAsVerified() {
        assertThat(FencePlan.outcome(true, List.of("a", "b"), List.of("a"), Map.of("b", "HTTP 503"), List.of("b")))
                .isEqualTo(new Outcome.Confirmed(List.of("a"), List.of("b")));
        assertThat(FencePlan.outcome(true, List.of("a", "b", "c"), List.of("a"), Map.of("b", "HTTP 503"),
                List.of("b"))).isEqualTo(new Outcome.NotConfirmed(Map.of("c", "not confirmed")));
    }

    @Test
    void theScopeIsPureJsonAndEveryArrayHoldingSomethingOfTheNode() {
        assertThat(FencePlan.scope(List.of("b", "a"), List.of("gone"), List.of("c", "a"), List.of("d"),
                List.of("e", "gone"))).containsExactly("a", "b", "c", "d", "e", "gone");
    }

    @ParameterizedTest(name = "attachment requested at {0}s, fence recorded at {1}s → fenced {2}")
    @CsvSource({
            "10, 20, true",   // held when the node failed
            "20, 20, true",
            "30, 20, false",  // asked for after the node came back, storageless
    })
    void aFenceCoversWhatWasAskedForBeforeIt(long requested, long fenced, boolean covered) {
        assertThat(FencePlan.fences(Instant.ofEpochSecond(requested), Instant.ofEpochSecond(fenced))).isEqualTo(covered);
    }

    @Test
    void theReplacementIsConnectedOnlyAfterAConfirmedFence() {
        assertThat(TakeoverPhase.Fencing.mayConnectReplacement()).isFalse();
        assertThat(TakeoverPhase.Fenced.mayConnectReplacement()).isTrue();
        assertThat(TakeoverPhase.Moved.mayConnectReplacement()).isFalse();
        assertThat(TakeoverPhase.Moved.finished()).isTrue();
    }
}
