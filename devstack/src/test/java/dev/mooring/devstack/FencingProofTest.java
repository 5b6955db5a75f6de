package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FencingProofTest {

    private static ConnectionChange c(long seq, String host, String volume, String action) {
        return new ConnectionChange(seq, seq, "array-a", host, volume, action);
    }

    @Test
    void aDriveDisconnectedFromTheFailedHostBeforeTheReplacementGetsItIsSafe() {
        List<ConnectionChange> history = List.of(c(1, "old", "d1", "connect"), c(2, "old", "d1", "disconnect"),
                c(3, "new", "d1", "connect"));
        assertThat(FencingProof.violations(history, "old", "new")).isEmpty();
        assertThat(FencingProof.moved(history, "old", "new")).containsExactly("array-a/d1");
    }

    @Test
    void aDriveConnectedToTheReplacementWhileTheFailedHostStillHasItIsAViolation() {
        List<ConnectionChange> history = List.of(c(1, "old", "d1", "connect"), c(2, "new", "d1", "connect"),
                c(3, "old", "d1", "disconnect"));
        assertThat(FencingProof.violations(history, "old", "new")).singleElement().asString().contains("seq 2");
    }

    @Test
    void theOrderIsTheSequenceNotTheListOrder() {
        List<ConnectionChange> history = List.of(c(3, "new", "d1", "connect"), c(1, "old", "d1", "connect"),
                c(2, "old", "d1", "disconnect"));
        assertThat(FencingProof.violations(history, "old", "new")).isEmpty();
    }

    @Test
    void otherHostsAndVolumesDoNotCount() {
        List<ConnectionChange> history = List.of(c(1, "old", "d1", "connect"), c(2, "new", "d2", "connect"),
                c(3, "third", "d1", "connect"));
        assertThat(FencingProof.violations(history, "old", "new")).isEmpty();
    }
}
