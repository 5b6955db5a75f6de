package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.domain.RecoveryCheck.Expected;
import dev.mooring.attach.domain.RecoveryCheck.HostVolume;
import dev.mooring.attach.domain.RecoveryCheck.Kind;
import dev.mooring.attach.domain.RecoveryCheck.Verdict;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After a recovery: each connection the node should have is present, to restore, or not checkable. */
class RecoveryCheckTest {

    private static final Expected DRIVE = new Expected("a", "n1", "drive-1", Kind.drive);
    private static final Expected VOL_A = new Expected("a", "n1", "pod1::pvc", Kind.volume);
    private static final Expected VOL_B = new Expected("b", "n1", "pod1::pvc", Kind.volume);

    @Test
    void presentMissingAndUnreadable() {
        Map<String, Collection<HostVolume>> listed = Map.of("a", List.of(new HostVolume("N1", "DRIVE-1"),
                new HostVolume("n2", "pod1::pvc")));

        assertThat(RecoveryCheck.plan(List.of(DRIVE, VOL_A, VOL_B), listed))
                .extracting(RecoveryCheck.Check::verdict)
                .containsExactly(Verdict.present, Verdict.restore, Verdict.unreadable);
    }

    @Test
    void aConnectionToAnotherHostDoesNotCount() {
        assertThat(RecoveryCheck.plan(List.of(DRIVE), Map.of("a", List.of(new HostVolume("n2", "drive-1")))))
                .extracting(RecoveryCheck.Check::verdict).containsExactly(Verdict.restore);
    }

    @Test
    void eachConnectionIsCheckedOnce() {
        assertThat(RecoveryCheck.plan(List.of(DRIVE, DRIVE), Map.of("a", List.of()))).hasSize(1);
    }

    @Test
    void aNodeThatOwnsNothingHasNothingToCheck() {
        assertThat(RecoveryCheck.plan(List.of(), Map.of("a", List.of()))).isEmpty();
    }
}
