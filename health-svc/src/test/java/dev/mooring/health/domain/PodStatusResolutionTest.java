package dev.mooring.health.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One status per stretched pod and array, from what the arrays that answered said (as the simulator reports). */
class PodStatusResolutionTest {

    private static PodArrayView.Member m(String array, String status, String mediator, Double progress) {
        return new PodArrayView.Member(array, status, mediator, progress);
    }

    private static PodArrayView view(String reporter, PodArrayView.Member... members) {
        return new PodArrayView(reporter, "pod1", List.of(members));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("both in sync",
                        List.of(view("a", m("a", "online", "online", null), m("b", "online", "online", null)),
                                view("b", m("a", "online", "online", null), m("b", "online", "online", null))),
                        "online", "online", "online"),
                Arguments.of("link cut, b lost the race: b calls itself offline and a unknown; a sees b offline",
                        List.of(view("a", m("a", "online", "online", null), m("b", "offline", "online", null)),
                                view("b", m("a", "unknown", "unknown", null), m("b", "offline", "online", null))),
                        "online", "offline", "online"),
                Arguments.of("link back: b resyncs",
                        List.of(view("a", m("a", "online", "online", null), m("b", "resyncing", "online", 0.4)),
                                view("b", m("a", "online", "online", null), m("b", "resyncing", "online", 0.4))),
                        "online", "resyncing", "online"),
                Arguments.of("b down: only a answers, its word about b decides",
                        List.of(view("a", m("a", "online", "online", null), m("b", "offline", "online", null))),
                        "online", "offline", "online"),
                Arguments.of("nobody answers: both unknown", List.of(), "unknown", "unknown", "unknown"),
                Arguments.of("b answers but knows nothing of a, a is down",
                        List.of(view("b", m("a", "unknown", "unknown", null), m("b", "offline", "online", null))),
                        "unknown", "offline", "unknown"),
                Arguments.of("mediator unreachable from a",
                        List.of(view("a", m("a", "online", "unreachable", null), m("b", "online", "online", null)),
                                view("b", m("a", "online", "unreachable", null), m("b", "online", "online", null))),
                        "online", "online", "unreachable"),
                Arguments.of("suspended serves nothing: offline",
                        List.of(view("a", m("a", "suspended", "online", null), m("b", "online", "online", null))),
                        "offline", "online", "online"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(String scenario, List<PodArrayView> views, String a, String b, String mediatorOfA) {
        List<PodArrayStatus> statuses = PodStatusResolution.resolve(views, Map.of("pod1", Set.of("a", "b")));

        assertThat(statuses).extracting(PodArrayStatus::array).containsExactly("a", "b");
        assertThat(statuses.get(0).status()).isEqualTo(a);
        assertThat(statuses.get(1).status()).isEqualTo(b);
        assertThat(statuses.get(0).mediatorStatus()).isEqualTo(mediatorOfA);
    }

    @org.junit.jupiter.api.Test
    void progressTravelsOnlyWithResyncingAndChangesAreStatusChanges() {
        List<PodArrayStatus> statuses = PodStatusResolution.resolve(List.of(
                view("a", m("a", "online", "online", null), m("b", "resyncing", "online", 0.25))), Map.of());

        assertThat(statuses.get(1).progress()).isEqualTo(0.25);
        assertThat(statuses.get(0).progress()).isNull();
        assertThat(statuses.get(1).statusDiffersFrom("resyncing")).isFalse();
        assertThat(statuses.get(1).statusDiffersFrom("offline")).isTrue();
        assertThat(statuses.get(1).statusDiffersFrom(null)).isTrue(); // the first observation is a change
        PodArrayStatus unreachable = new PodArrayStatus("pod1", "a", "online", null, "unreachable");
        assertThat(unreachable.mediatorBecameUnreachable("online")).isTrue();
        assertThat(unreachable.mediatorBecameUnreachable("unreachable")).isFalse();
    }
}
