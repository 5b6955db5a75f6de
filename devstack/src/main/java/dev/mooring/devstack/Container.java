package dev.mooring.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A part of the stack that runs as a podman container rather than as a child JVM. Its {@link ChildProcess} is the
 * attached {@code podman run --rm}, whose output is the container's; stopping and killing go through podman, because
 * a signal to the podman client does not reach the container.
 *
 * <p>Nothing is left behind: on Ctrl-C and {@code kill} devstack stops every container ({@code podman stop}, then
 * {@code --rm} removes it). When devstack dies without its shutdown hook ({@code kill -9}), the JVM in the container
 * notices it as a child JVM does: it carries the same {@link ParentWatch} agent, and {@code --pid host} lets it see
 * devstack's process; it exits, and {@code --rm} removes the container.
 */
public final class Container {

    /** Label on every container devstack starts: the pid of the devstack that started it. */
    public static final String OWNER_LABEL = "dev.mooring.devstack.pid";

    private final String name;
    private final Podman podman;

    public Container(String name, Podman podman) {
        this.name = name;
        this.podman = podman;
    }

    public String name() {
        return name;
    }

    /**
     * The {@code podman run} command line: host network (the stack's Kafka, PostgreSQL and Kubernetes API listen on
     * 127.0.0.1), host pid namespace (for the agent), the given mounts (same path inside), environment and memory.
     */
    public List<String> runCommand(String image, int memoryMegabytes, List<Mount> mounts, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--replace", "--name", name,
                "--network", "host", "--pid", "host",
                "--label", OWNER_LABEL + "=" + ProcessHandle.current().pid(),
                "--memory", memoryMegabytes + "m"));
        for (Mount mount : mounts) {
            command.addAll(List.of("--volume", mount.path() + ":" + mount.path() + (mount.writable() ? ":U" : ":ro")));
        }
        environment.forEach((key, value) -> command.addAll(List.of("--env", key + "=" + value)));
        command.add(image);
        return command;
    }

    /** A host directory or file seen at the same path in the container; writable ones are handed to user 185. */
    public record Mount(String path, boolean writable) {
    }

    /** {@code podman stop}: SIGTERM to the JVM, SIGKILL after {@code grace}; true when podman confirmed it. */
    boolean stop(Duration grace) {
        return podman.attempt(grace.plusSeconds(30), List.of("stop", "--time", String.valueOf(grace.toSeconds()), name)).code() == 0;
    }

    /** {@code podman kill -s KILL}: the crash a test provokes. */
    boolean kill() {
        return podman.attempt(Duration.ofSeconds(30), List.of("kill", "--signal", "KILL", name)).code() == 0;
    }

    /** The host pid of the container's JVM, while it runs. */
    Optional<Long> pid() {
        return podman.containerPid(name);
    }

    /**
     * Removes containers that an earlier devstack started and left behind (its pid gone): after a crash of the
     * machine, say, when no watcher ran. Returns their names.
     */
    static List<String> removeOrphans(Podman podman) {
        List<String> removed = new ArrayList<>();
        String listing = podman.run("ps", "--all", "--filter", "label=" + OWNER_LABEL,
                "--format", "{{.Names}} {{index .Labels \"" + OWNER_LABEL + "\"}}");
        for (String line : listing.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] parts = line.split(" ");
            long owner = parts.length == 2 && parts[1].matches("\\d+") ? Long.parseLong(parts[1]) : -1;
            if (owner <= 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            podman.attempt(Duration.ofMinutes(1), List.of("rm", "--force", parts[0]));
            removed.add(parts[0]);
        }
        return removed;
    }
}
