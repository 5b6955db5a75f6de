package dev.mooring.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.PublishContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real host layer's command lines and sysfs writes, against a temporary root and canned command outputs. */
class LinuxHostTest {

    private static final String IQN_A = "iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c";
    private static final String WWID_1 = "3624a93706c1b16ce1c034d1c00000001";

    @TempDir
    Path root;

    private RecordingRunner runner;
    private LinuxHost host;

    @BeforeEach
    void setUp() {
        runner = new RecordingRunner();
        host = new LinuxHost(runner, new Filesystems(runner, root.resolve("mountinfo")), root,
                new IscsiSettings(15, 15, 32), Duration.ofMillis(10));
    }

    @Test
    void connectDiscoversConfiguresLogsInToEachPortalAndRescansItsSessions() {
        runner.answer("iscsiadm -m session -P 3", LinuxHost.NO_OBJECTS, "");
        host.connect(context("192.0.2.11:3260,192.0.2.12:3260"));
        assertThat(runner.lines()).containsSubsequence(
                "iscsiadm -m session -P 3",
                "iscsiadm -m discovery -t sendtargets -p 192.0.2.11:3260",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 -o update -n node.session.timeo.replacement_timeout -v 15",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 -o update -n node.conn[0].timeo.login_timeout -v 15",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 -o update -n node.session.queue_depth -v 32",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 -o update -n node.startup -v automatic",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 --login",
                "iscsiadm -m discovery -t sendtargets -p 192.0.2.12:3260",
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.12:3260 --login");
    }

    @Test
    void connectWithSessionsUpOnlyRescansThem() {
        runner.answer("iscsiadm -m session -P 3", 0, HostOutputParsersTest.resource("iscsiadm-session-P3.txt"));
        host.connect(context("192.0.2.11:3260,192.0.2.12:3260"));
        assertThat(runner.lines()).noneMatch(l -> l.endsWith("--login"));
        assertThat(runner.lines()).contains("iscsiadm -m session -r 1 --rescan", "iscsiadm -m session -r 2 --rescan");
    }

    @Test
    void aLoginThatFailsSaysWhichTargetAndAnExistingSessionIsNoFailure() {
        runner.answer("iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 --login", LinuxHost.SESSION_EXISTS, "");
        host.login(new IscsiTarget(IQN_A, "192.0.2.11:3260"));
        runner.answer("iscsiadm -m node -T " + IQN_A + " -p 192.0.2.12:3260 --login", 8, "");
        assertThatThrownBy(() -> host.login(new IscsiTarget(IQN_A, "192.0.2.12:3260")))
                .isInstanceOf(HostException.class).hasMessageContaining(IQN_A + "@192.0.2.12:3260");
    }

    @Test
    void fibreChannelRescanWritesIntoTheScanFileOfEachHba() throws IOException {
        Files.createDirectories(root.resolve("sys/class/fc_host/host5"));
        Files.createDirectories(root.resolve("sys/class/fc_host/host6"));
        Files.createDirectories(root.resolve("sys/class/scsi_host/host5"));
        Files.createDirectories(root.resolve("sys/class/scsi_host/host6"));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("serial", "6c1b16ce1c034d1c00000001");
        m.put("arrays", "array-a");
        m.put("array-a.protocol", "fc");
        m.put("array-a.lun", "1");
        m.put("array-a.targetWwns", "524a9376c1b16c00,524a9376c1b16c10");
        host.connect(PublishContext.parse(m));
        assertThat(Files.readString(root.resolve("sys/class/scsi_host/host5/scan"))).isEqualTo("- - -");
        assertThat(Files.readString(root.resolve("sys/class/scsi_host/host6/scan"))).isEqualTo("- - -");
    }

    @Test
    void awaitMapReturnsOnceEveryPathIsUpAndFailsNamingTheWwidWhenNoneComes() {
        runner.answer("multipath -ll " + WWID_1, 0, HostOutputParsersTest.resource("multipath-ll.txt"));
        assertThat(host.awaitMap(WWID_1, 2, Duration.ofSeconds(1)).activePaths()).isEqualTo(2);
        String missing = "3624a93706c1b16ce1c034d1c000000ff";
        runner.answer("multipath -ll " + missing, 1, "");
        assertThatThrownBy(() -> host.awaitMap(missing, 2, Duration.ofMillis(50)))
                .isInstanceOf(HostException.class).hasMessageContaining(missing);
    }

    @Test
    void mapsListsOnlyFlashArrayMaps() {
        runner.answer("multipath -ll", 0, HostOutputParsersTest.resource("multipath-ll.txt"));
        assertThat(host.maps()).extracting(DeviceMap::wwid).containsExactly(WWID_1,
                "3624a93706c1b16ce1c034d1c00000002");
    }

    @Test
    void disconnectFlushesTheMapDeletesItsPathsAndLogsOutOnlyOfUnusedSessions() throws IOException {
        runner.answer("multipath -ll " + WWID_1, 0, HostOutputParsersTest.resource("multipath-ll.txt"));
        for (String sd : new String[] {"sdb", "sdc"}) {
            Files.createDirectories(root.resolve("sys/block/" + sd + "/device"));
            Files.writeString(root.resolve("sys/block/" + sd + "/device/wwid"), "naa.624a93706c1b16ce1c034d1c00000001\n");
        }
        // After the deletion: portal .12 has no disk left, portal .11 still serves LUN 2 (sdd).
        runner.answer("iscsiadm -m session -P 3", 0, HostOutputParsersTest.resource("iscsiadm-session-P3.txt")
                .replace("\t\tscsi3 Channel 00 Id 0 Lun: 1\n\t\t\tAttached scsi disk sdc\t\tState: running\n", ""));
        host.disconnect(WWID_1, Set.of(new IscsiTarget(IQN_A, "192.0.2.11:3260"),
                new IscsiTarget(IQN_A, "192.0.2.12:3260")));
        assertThat(runner.lines()).containsSubsequence("multipath -f " + WWID_1,
                "blockdev --flushbufs " + root.resolve("dev/sdb"), "blockdev --flushbufs " + root.resolve("dev/sdc"),
                "iscsiadm -m node -T " + IQN_A + " -p 192.0.2.12:3260 --logout");
        assertThat(runner.lines()).doesNotContain("iscsiadm -m node -T " + IQN_A + " -p 192.0.2.11:3260 --logout");
        assertThat(Files.readString(root.resolve("sys/block/sdb/device/delete"))).isEqualTo("1");
        assertThat(Files.readString(root.resolve("sys/block/sdc/device/delete"))).isEqualTo("1");
    }

    @Test
    void aPathNameNowCarryingAnotherLunIsLeftAlone() throws IOException {
        runner.answer("multipath -ll " + WWID_1, 0, HostOutputParsersTest.resource("multipath-ll.txt"));
        runner.answer("iscsiadm -m session -P 3", LinuxHost.NO_OBJECTS, "");
        Files.createDirectories(root.resolve("sys/block/sdb/device"));
        Files.writeString(root.resolve("sys/block/sdb/device/wwid"), "naa.6000c2931a2b3c4d5e6f708192a3b4c5\n");
        Files.createDirectories(root.resolve("sys/block/sdc/device"));
        Files.writeString(root.resolve("sys/block/sdc/device/wwid"), "naa.624a93706c1b16ce1c034d1c00000001\n");
        host.disconnect(WWID_1, Set.of());
        assertThat(root.resolve("sys/block/sdb/device/delete")).doesNotExist();
        assertThat(root.resolve("sys/block/sdc/device/delete")).hasContent("1");
    }

    @Test
    void failIoStopsQueueingAndRescanResizesTheMap() throws IOException {
        host.failIo(WWID_1);
        assertThat(runner.lines()).containsExactly("multipathd disablequeueing map " + WWID_1);
        runner.answer("multipath -ll " + WWID_1, 0, HostOutputParsersTest.resource("multipath-ll.txt"));
        runner.answer("blockdev --getsize64", 0, "21474836480\n");
        Files.createDirectories(root.resolve("sys/block/sdb/device"));
        Files.createDirectories(root.resolve("sys/block/sdc/device"));
        assertThat(host.rescan(WWID_1)).isEqualTo(20L << 30);
        assertThat(root.resolve("sys/block/sdb/device/rescan")).hasContent("1");
        assertThat(root.resolve("sys/block/sdc/device/rescan")).hasContent("1");
        assertThat(runner.lines()).contains("multipathd resize map " + WWID_1,
                "blockdev --getsize64 " + root.resolve("dev/mapper/" + WWID_1));
    }

    private static PublishContext context(String portals) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("serial", "6c1b16ce1c034d1c00000001");
        m.put("wwid", WWID_1);
        m.put("arrays", "array-a");
        m.put("array-a.protocol", "iscsi");
        m.put("array-a.lun", "1");
        m.put("array-a.targetIqn", IQN_A);
        m.put("array-a.portals", portals);
        return PublishContext.parse(m);
    }
}
