package dev.mooring.agent.host;

import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.PublishContext;
import dev.mooring.agent.domain.Wwids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The real host: open-iscsi ({@code iscsiadm}), dm-multipath ({@code multipath}, {@code multipathd}) and sysfs.
 * Every path under {@code /sys}, {@code /dev} is taken below a root prefix, so tests run it against a temporary tree.
 */
public final class LinuxHost implements Host {

    private static final Logger LOG = Logger.getLogger(LinuxHost.class);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    /** iscsiadm's exit code for "already logged in" (ISCSI_ERR_SESS_EXISTS). */
    static final int SESSION_EXISTS = 15;
    /** iscsiadm's exit code for "no sessions / no records found" (ISCSI_ERR_NO_OBJS_FOUND). */
    static final int NO_OBJECTS = 21;

    private final CommandRunner runner;
    private final Filesystems filesystems;
    private final Path root;
    private final IscsiSettings settings;
    private final Duration pollInterval;

    public LinuxHost(CommandRunner runner, Filesystems filesystems, Path root, IscsiSettings settings,
                     Duration pollInterval) {
        this.runner = runner;
        this.filesystems = filesystems;
        this.root = root;
        this.settings = settings;
        this.pollInterval = pollInterval;
    }

    @Override
    public void connect(PublishContext context) {
        Set<IscsiTarget> loggedIn = sessions();
        Set<String> discovered = new LinkedHashSet<>();
        for (IscsiTarget t : context.iscsiTargets()) {
            if (discovered.add(t.portal())) {
                runner.runOk(List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", t.portal()), COMMAND);
            }
            if (!loggedIn.contains(t)) {
                applySettings(t);
                login(t);
            }
        }
        for (IscsiSessions.Session s : sessionList()) {
            if (context.iscsiTargets().contains(s.target())) {
                runner.runOk(List.of("iscsiadm", "-m", "session", "-r", Integer.toString(s.sid()), "--rescan"),
                        COMMAND);
            }
        }
        if (context.usesFibreChannel()) {
            rescanFibreChannel();
        }
    }

    /** The per-target settings, written into the node record before the login reads them. */
    List<List<String>> settingsCommands(IscsiTarget t) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(update(t, "node.session.timeo.replacement_timeout", settings.replacementTimeoutSeconds()));
        commands.add(update(t, "node.conn[0].timeo.login_timeout", settings.loginTimeoutSeconds()));
        commands.add(update(t, "node.session.queue_depth", settings.queueDepth()));
        commands.add(List.of("iscsiadm", "-m", "node", "-T", t.iqn(), "-p", t.portal(), "-o", "update", "-n",
                "node.startup", "-v", "automatic"));
        return commands;
    }

    private static List<String> update(IscsiTarget t, String name, int value) {
        return List.of("iscsiadm", "-m", "node", "-T", t.iqn(), "-p", t.portal(), "-o", "update", "-n", name, "-v",
                Integer.toString(value));
    }

    private void applySettings(IscsiTarget t) {
        settingsCommands(t).forEach(c -> runner.runOk(c, COMMAND));
    }

    /** Writes "- - -" (every channel, target and LUN) into the scan file of each FC HBA's SCSI host. */
    void rescanFibreChannel() {
        Path fcHosts = root.resolve("sys/class/fc_host");
        if (!Files.isDirectory(fcHosts)) {
            throw new HostException("the publish context names a Fibre Channel path but " + fcHosts
                    + " lists no HBA");
        }
        try (Stream<Path> hosts = Files.list(fcHosts)) {
            for (Path host : hosts.sorted().toList()) {
                write(root.resolve("sys/class/scsi_host").resolve(host.getFileName()).resolve("scan"), "- - -");
            }
        } catch (IOException e) {
            throw new HostException("cannot list " + fcHosts, e);
        }
    }

    @Override
    public DeviceMap awaitMap(String wwid, int expectedPaths, Duration timeout) {
        return MapWait.await(wwid, () -> map(wwid), expectedPaths, timeout, pollInterval);
    }

    @Override
    public Optional<DeviceMap> map(String wwid) {
        CommandRunner.Result r = runner.run(List.of("multipath", "-ll", wwid), COMMAND);
        if (!r.ok() || r.stdout().isBlank()) {
            return Optional.empty();
        }
        return MultipathMaps.parse(r.stdout(), mapperDir()).stream().filter(m -> m.wwid().equals(wwid)).findFirst();
    }

    @Override
    public List<DeviceMap> maps() {
        CommandRunner.Result r = runner.run(List.of("multipath", "-ll"), COMMAND);
        if (!r.ok()) {
            return List.of();
        }
        return MultipathMaps.parse(r.stdout(), mapperDir()).stream()
                .filter(m -> m.wwid().startsWith(Wwids.PURE_PREFIX)).toList();
    }

    private String mapperDir() {
        return root.resolve("dev/mapper").toString();
    }

    @Override
    public Set<IscsiTarget> sessions() {
        Set<IscsiTarget> targets = new LinkedHashSet<>();
        sessionList().stream().filter(IscsiSessions.Session::loggedIn).forEach(s -> targets.add(s.target()));
        return targets;
    }

    private List<IscsiSessions.Session> sessionList() {
        CommandRunner.Result r = runner.run(List.of("iscsiadm", "-m", "session", "-P", "3"), COMMAND);
        if (r.exitCode() == NO_OBJECTS) {
            return List.of();
        }
        if (!r.ok()) {
            throw new HostException("iscsiadm -m session -P 3 exited " + r.exitCode() + ": " + r.stderr().strip());
        }
        return IscsiSessions.parse(r.stdout());
    }

    @Override
    public void login(IscsiTarget t) {
        CommandRunner.Result r = runner.run(List.of("iscsiadm", "-m", "node", "-T", t.iqn(), "-p", t.portal(),
                "--login"), COMMAND);
        if (!r.ok() && r.exitCode() != SESSION_EXISTS) {
            throw new HostException("login to " + t + " failed (iscsiadm exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }

    @Override
    public long rescan(String wwid) {
        DeviceMap map = map(wwid).orElseThrow(() -> new HostException("no multipath map " + wwid + " to rescan"));
        for (DeviceMap.Path p : map.paths()) {
            write(root.resolve("sys/block").resolve(p.device()).resolve("device/rescan"), "1");
        }
        runner.runOk(List.of("multipathd", "resize", "map", wwid), COMMAND);
        return filesystems.deviceSize(map.devicePath());
    }

    @Override
    public void disconnect(String wwid, Set<IscsiTarget> targets) {
        Optional<DeviceMap> map = map(wwid);
        if (map.isPresent()) {
            runner.runOk(List.of("multipath", "-f", wwid), COMMAND);
            for (DeviceMap.Path p : map.get().paths()) {
                removeScsiDevice(wwid, p.device());
            }
        }
        for (IscsiSessions.Session s : sessionList()) {
            if (targets.contains(s.target()) && s.disks().isEmpty()) {
                runner.runOk(List.of("iscsiadm", "-m", "node", "-T", s.target().iqn(), "-p", s.target().portal(),
                        "--logout"), COMMAND);
            } else if (targets.contains(s.target())) {
                LOG.infof("wwid=%s session %s kept: %d other LUN(s) use it", wwid, s.target(), s.disks().size());
            }
        }
    }

    /**
     * Deletes one SCSI device after checking, at the device itself, that it carries this WWID: a path name can be
     * reused by another LUN between listing and deleting.
     */
    private void removeScsiDevice(String wwid, String device) {
        Path sysWwid = root.resolve("sys/block").resolve(device).resolve("device/wwid");
        String seen;
        try {
            seen = Files.exists(sysWwid) ? Files.readString(sysWwid).strip() : "";
        } catch (IOException e) {
            throw new HostException("cannot read " + sysWwid, e);
        }
        String expectedSerial = Wwids.serialOf(wwid).orElseThrow();
        if (!Wwids.serialOf(seen).map(expectedSerial::equals).orElse(false)) {
            LOG.warnf("wwid=%s path %s now carries '%s': left alone", wwid, device, seen);
            return;
        }
        runner.runOk(List.of("blockdev", "--flushbufs", root.resolve("dev").resolve(device).toString()), COMMAND);
        write(root.resolve("sys/block").resolve(device).resolve("device/delete"), "1");
    }

    @Override
    public void failIo(String wwid) {
        // With queue_if_no_path a map whose paths are all gone queues I/O forever: the pod hangs in D state.
        runner.runOk(List.of("multipathd", "disablequeueing", "map", wwid), COMMAND);
    }

    @Override
    public void format(String wwid, String devicePath, String fsType) {
        filesystems.make(devicePath, fsType);
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new HostException("cannot write '" + value + "' to " + file, e);
        }
    }
}
