package dev.mooring.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filesystem commands: probing twice before calling a device empty, mkfs, mount, bind, grow. */
class FilesystemsTest {

    private final RecordingRunner runner = new RecordingRunner();
    private final Filesystems fs = new Filesystems(runner, Path.of("/proc/self/mountinfo"));

    @Test
    void aDeviceIsEmptyOnlyWhenBlkidAndWipefsBothFindNothing() {
        runner.answer("blkid -p -o export /dev/x", 2, "");
        runner.answer("wipefs", 0, "");
        assertThat(fs.probe("/dev/x").empty()).isTrue();
        assertThat(runner.lines()).containsExactly("blkid -p -o export /dev/x",
                "wipefs --no-act --noheadings --output TYPE /dev/x");

        runner.answer("wipefs", 0, "LVM2_member\n");
        assertThat(fs.probe("/dev/x").empty()).isFalse();
        assertThat(fs.probe("/dev/x").type()).isEqualTo("LVM2_member");

        runner.answer("blkid -p -o export /dev/y", 0, HostOutputParsersTest.resource("blkid-dos.txt"));
        assertThat(fs.probe("/dev/y").ptType()).isEqualTo("dos");
    }

    @Test
    void mkfsNeverForcesOverExistingData() {
        assertThat(Filesystems.mkfsCommand("ext4", "/dev/x")).containsExactly("mkfs.ext4", "-q", "-m", "0", "-E",
                "nodiscard,lazy_itable_init=1", "/dev/x").doesNotContain("-F");
        assertThat(Filesystems.mkfsCommand("xfs", "/dev/x")).containsExactly("mkfs.xfs", "-q", "-K", "/dev/x")
                .doesNotContain("-f");
    }

    @Test
    void mountCarriesTheOptionsReadOnlyAndXfsNouuid() {
        fs.mount("/dev/x", "/stage", "ext4", List.of("noatime", "discard"), false);
        fs.mount("/dev/x", "/stage", "xfs", List.of(), true);
        assertThat(runner.lines()).containsExactly("mount -t ext4 -o noatime,discard /dev/x /stage",
                "mount -t xfs -o ro,nouuid /dev/x /stage");
    }

    @Test
    void aReadOnlyBindIsABindThenARemount() {
        fs.bind("/stage", "/target", List.of(), true);
        fs.bind("/stage", "/target2", List.of(), false);
        assertThat(runner.lines()).containsExactly("mount --bind /stage /target", "mount -o remount,bind,ro /target",
                "mount --bind /stage /target2");
    }

    @Test
    void growUsesResize2fsOnTheDeviceAndXfsGrowfsOnTheMountPoint() {
        fs.grow("/dev/x", "ext4", "/stage");
        fs.grow("/dev/x", "xfs", "/stage");
        assertThat(runner.lines()).containsExactly("resize2fs /dev/x", "xfs_growfs /stage");
    }
}
