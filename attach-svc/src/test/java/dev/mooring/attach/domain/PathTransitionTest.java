package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.domain.PathTransition.State;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A path through an ActiveCluster array follows the pod's status there; each change is reported once. */
class PathTransitionTest {

    @ParameterizedTest(name = "path {0}, pod becomes {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            "up,   offline,   down:ArrayOffline",
            "up,   unknown,   down:ArrayStatusUnknown",
            "up,   resyncing, down:ArrayResyncing",     // not serving yet
            "up,   online,    -",                        // nothing to report
            "down, offline,   -",
            "down, resyncing, -",                        // stays down while resyncing, reported once
            "down, unknown,   -",
            "down, online,    up:ArrayOnline",
            "up,   degraded,  -",                        // a status this does not know changes nothing
            "down, -,         -",
    })
    void transitions(State current, String status, String expected) {
        Optional<PathTransition.Target> change = PathTransition.change(current, status);
        assertThat(change.map(t -> t.state() + ":" + t.reason()).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "pod last {0} → a path starts {1}")
    @CsvSource(nullValues = "-", value = {"-, up", "online, up", "offline, down", "resyncing, down", "unknown, down"})
    void initialState(String lastStatus, State expected) {
        assertThat(PathTransition.initial(lastStatus)).isEqualTo(expected);
    }
}
