package dev.mooring.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.agent.domain.OwnershipRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every destructive host action passes the ownership rule; a refused one runs no command at all. */
class GuardedHostTest {

    private static final String OURS = "3624a93706c1b16ce1c034d1c00000001";
    private static final String BOOT_LUN = "36000c2931a2b3c4d5e6f708192a3b4c5";
    private static final String OTHER_PURE = "3624a93706c1b16ce1c034d1c00000099";

    private final RecordingRunner runner = new RecordingRunner().answer("iscsiadm -m session -P 3", 21, "");
    private final Host guarded = new GuardedHost(new LinuxHost(runner, new Filesystems(runner,
            Path.of("/proc/self/mountinfo")), Path.of("/nonexistent"), new IscsiSettings(15, 15, 32),
            Duration.ofMillis(10)), () -> OwnershipRule.of(Set.of("6c1b16ce1c034d1c00000001")));

    @Test
    void refusesToTouchABootLunOrAFlashArrayLunMooringDidNotAttach() {
        for (String wwid : new String[] {BOOT_LUN, OTHER_PURE}) {
            assertThatThrownBy(() -> guarded.disconnect(wwid, Set.of())).isInstanceOf(
                    OwnershipRule.NotOwnedException.class).hasMessageContaining("refused to disconnect device " + wwid);
            assertThatThrownBy(() -> guarded.failIo(wwid)).isInstanceOf(OwnershipRule.NotOwnedException.class);
            assertThatThrownBy(() -> guarded.format(wwid, "/dev/sda", "ext4"))
                    .isInstanceOf(OwnershipRule.NotOwnedException.class);
        }
        assertThat(runner.lines()).isEmpty();
    }

    @Test
    void letsTheOwnedDeviceThrough() {
        guarded.failIo(OURS);
        guarded.format(OURS, "/dev/mapper/" + OURS, "ext4");
        assertThat(runner.lines()).containsExactly("multipathd disablequeueing map " + OURS,
                "mkfs.ext4 -q -m 0 -E nodiscard,lazy_itable_init=1 /dev/mapper/" + OURS);
    }
}
