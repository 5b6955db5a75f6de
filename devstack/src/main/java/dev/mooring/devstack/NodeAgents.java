package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node agents of a stack, one per pretend node, as the DaemonSet runs one per node: each a process of
 * {@code node-agent/target/quarkus-app} on a <em>simulated host</em> (the kernel here has no SCSI layer): a login to
 * a portal of a simulated array brings the LUNs connected to the node's host to life as loop devices named by WWID.
 * Everything else — the CSI socket, probing, {@code mkfs}, mounts, the state directory, the calls to the services —
 * is the agent's real code. Loop devices and mounts need root.
 *
 * <p>Each node gets {@code <work>/agents/<node>/}: {@code root/} (the host's {@code /etc/iscsi/initiatorname.iscsi}
 * and {@code /etc/pwx/px_env}), {@code state/}, {@code sim/} (the sparse files behind the loop devices) and
 * {@code csi.sock}, kept short: a Unix socket's path has at most 107 bytes.
 */
public final class NodeAgents {

    /** The agent's name in {@link Stack.Options#serviceSettings} and in the stack's table and logs. */
    public static final String NAME = "node-agent";
    /** The first agent's HTTP port (health, metrics) when free; the next ones count up. */
    public static final int DEFAULT_PORT = 9108;
    private static final int SOCKET_PATH_MAX = 107;

    /** One agent as the stack runs it. */
    public record RunningAgent(String node, int port, Path dir, ChildProcess process) {

        /** The CSI socket the kubelet (or a test acting as it) calls. */
        public Path socket() {
            return dir.resolve("csi.sock");
        }

        /** The host's root as the agent sees it ({@code mooring.agent.host-root}). */
        public Path hostRoot() {
            return dir.resolve("root");
        }

        /** Where the simulated host keeps the sparse files behind its loop devices. */
        public Path simulatedDevices() {
            return dir.resolve("sim");
        }

        /** {@code <host-root>/dev/mapper}: the FlashArray maps by WWID. */
        public Path mapperDir() {
            return hostRoot().resolve("dev/mapper");
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        /** The node's iSCSI initiator, in its {@code /etc/iscsi/initiatorname.iscsi}. */
        public String iqn() {
            return iqnOf(node);
        }
    }

    private NodeAgents() {
    }

    /** The same initiator a pretend node declares in its annotation ({@link ClusterNodes#iqnOf}): both may be set. */
    public static String iqnOf(String node) {
        return ClusterNodes.iqnOf(node);
    }

    /** Why agents cannot run here, if they cannot: not built, or not root. */
    public static Optional<String> problem(Path root) {
        if (!Files.isRegularFile(runJar(root))) {
            return Optional.of("not built (" + root.relativize(runJar(root)) + " is missing)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root (its simulated host makes loop devices and mounts)");
        }
        return Optional.empty();
    }

    public static Path runJar(Path root) {
        return root.resolve("node-agent/target/quarkus-app/quarkus-run.jar");
    }

    /** The agent's directory under the stack's work directory, made ready: the host's files in place, nothing else. */
    public static Path prepare(Path work, String node) {
        Path dir = work.toAbsolutePath().resolve("agents").resolve(node);
        if (dir.resolve("csi.sock").toString().length() > SOCKET_PATH_MAX) {
            throw new IllegalArgumentException("The CSI socket " + dir.resolve("csi.sock") + " is longer than a Unix socket"
                    + " path may be (" + SOCKET_PATH_MAX + " bytes): use a shorter work directory or node name");
        }
        releaseEverythingUnder(dir);
        try {
            Stack.deleteTree(dir);
            Path host = dir.resolve("root");
            Files.createDirectories(host.resolve("etc/iscsi"));
            Stack.write(host.resolve("etc/iscsi/initiatorname.iscsi"), "## Written by devstack for the node " + node
                    + "\nInitiatorName=" + iqnOf(node) + "\n");
            Files.createDirectories(host.resolve("etc/pwx"));
            Stack.write(host.resolve("etc/pwx/px_env"), "# Written by devstack for the node " + node + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The agent's settings: its node, a simulated host over the stack's arrays, the services it reports to (attach-svc,
     * health-svc, topology-svc, by URL), timers a person or a test can watch, and what the caller adds.
     */
    public static Map<String, String> settings(String node, int port, Path dir, Path pureJson, Path arraysCa,
                                               Map<String, String> serviceUrls, Path tokenFile, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(port));
        settings.put("mooring.agent.node-name", node);
        settings.put("mooring.agent.csi.socket", dir.resolve("csi.sock").toString());
        settings.put("mooring.agent.state-dir", dir.resolve("state").toString());
        settings.put("mooring.agent.host-root", dir.resolve("root").toString());
        settings.put("mooring.agent.host.kind", "simulated");
        settings.put("mooring.agent.host.simulated.pure-json-file", pureJson.toString());
        settings.put("mooring.agent.host.simulated.ca-file", arraysCa.toString());
        settings.put("mooring.agent.host.simulated.work-dir", dir.resolve("sim").toString());
        settings.put("mooring.agent.services.attach-url", serviceUrls.get("attach-svc"));
        settings.put("mooring.agent.services.health-url", serviceUrls.get("health-svc"));
        settings.put("mooring.agent.services.topology-url", serviceUrls.get("topology-svc"));
        // The pod's ServiceAccount token, as the DaemonSet projects it: the services learn the agent's node from it.
        settings.put("mooring.agent.services.token-file", tokenFile.toString());
        // A stack is watched by a person or a test: drifts show within seconds, not the DaemonSet's 30 s.
        settings.put("mooring.agent.heal.interval", "2s");
        settings.put("mooring.agent.host.map-timeout", "10s");
        settings.putAll(extra);
        settings.values().removeIf(v -> v == null);
        return settings;
    }

    /**
     * The last line of cleanup, whatever a killed agent left: every mount under {@code dir} is unmounted (deepest
     * first) and every loop device whose file lies there is detached. Nothing outside {@code dir} is touched.
     */
    public static void releaseEverythingUnder(Path dir) {
        List<String> mounts = new ArrayList<>(mountsUnder(dir));
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String mountPoint : mounts) {
            run(false, "umount", "--lazy", mountPoint);
        }
        for (String loop : loopsUnder(dir).keySet()) {
            run(false, "losetup", "--detach", loop);
        }
    }

    /** The mount points under {@code dir}, as this process's mount table lists them. */
    public static List<String> mountsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString() + "/";
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4].replace("\\040", " ")).filter(m -> m.startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mount table", e);
        }
    }

    /** The loop devices (e.g. {@code /dev/loop3}) whose backing file lies under {@code dir}, with that file. */
    public static Map<String, String> loopsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString() + "/";
        Map<String, String> loops = new LinkedHashMap<>();
        for (String line : run(false, "losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").split("\n")) {
            String[] fields = line.trim().split("\\s+", 2);
            if (fields.length == 2 && fields[1].startsWith(prefix)) {
                loops.put(fields[0], fields[1]);
            }
        }
        return Map.copyOf(loops);
    }

    /**
     * Runs a host command and returns its output; {@code mustSucceed}: a non-zero exit fails with that output, else
     * it is the caller's to judge (a cleanup goes on).
     */
    static String run(boolean mustSucceed, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
