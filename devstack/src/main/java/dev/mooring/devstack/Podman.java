package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * podman as devstack calls it: always with {@code CONTAINERS_CONF} pointing at the repository's
 * {@code devstack/images/containers.conf} (runc, the machine's ulimits, cgroupfs, file events), so nothing under
 * {@code /etc} needs editing. Each call waits for podman and fails with its own message when it fails.
 */
public final class Podman {

    /** The settings file, relative to the repository root. */
    public static final String CONTAINERS_CONF = "devstack/images/containers.conf";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final Path root;

    public Podman(Path root) {
        this.root = root;
    }

    /** The environment every podman command of devstack runs with. */
    public Map<String, String> environment() {
        return Map.of("CONTAINERS_CONF", root.resolve(CONTAINERS_CONF).toAbsolutePath().toString());
    }

    /** {@code podman <args>}; its standard output, or an exception naming the command and what podman said. */
    public String run(String... args) {
        return run(DEFAULT_TIMEOUT, List.of(args));
    }

    public String run(Duration timeout, List<String> args) {
        Result result = attempt(timeout, args);
        if (result.code() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " failed (exit " + result.code() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    /** Exit code and output (standard output and error together) of {@code podman <args>}, failing or not. */
    public record Result(int code, String output) {
    }

    public Result attempt(Duration timeout, List<String> args) {
        try {
            Path output = Files.createTempFile("devstack-podman-", ".out");
            try {
                int code = Commands.exec(podman(args), root, environment(), timeout, output);
                return new Result(code, Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code podman <args>} with its output appended to {@code log} (a long build); fails naming the log. */
    public void runLogged(Duration timeout, List<String> args, Path log) {
        Commands.logged(podman(args), root, environment(), timeout, log);
    }

    private static List<String> podman(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        return command;
    }

    /** Whether a local image of that name exists. */
    public boolean imageExists(String image) {
        return attempt(Duration.ofMinutes(1), List.of("image", "exists", image)).code() == 0;
    }

    /** The size podman reports for an image (all its layers, uncompressed), in bytes. */
    public long imageSize(String image) {
        return Long.parseLong(run("image", "inspect", "--format", "{{.Size}}", image).strip());
    }

    /** A field of {@code podman image inspect}, e.g. {@code {{.Config.User}}}. */
    public String imageField(String image, String goTemplate) {
        return run("image", "inspect", "--format", goTemplate, image).strip();
    }

    /** The host pid of a running container's main process, if it runs. */
    public Optional<Long> containerPid(String container) {
        Result result = attempt(Duration.ofSeconds(30), List.of("container", "inspect", "--format", "{{.State.Pid}}", container));
        if (result.code() != 0) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(result.output().strip());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Names of the containers (running or not) that carry a label with that key. */
    public List<String> containersLabelled(String key) {
        String out = run("ps", "--all", "--filter", "label=" + key, "--format", "{{.Names}}");
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * What keeps podman from building and running images here, or empty when nothing does: a missing tool (podman,
     * runc, debootstrap), or podman failing to start at all with this machine's settings.
     */
    public Optional<String> problem() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("podman", "runc", "debootstrap")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(String.join(", ", missing) + " missing on this machine: install with devstack/images/install-tools"
                    + " (apt-get install -y podman runc debootstrap), or run devstack/mooring images, which does");
        }
        if (!Files.isRegularFile(root.resolve(CONTAINERS_CONF))) {
            return Optional.of(CONTAINERS_CONF + " is missing from this checkout");
        }
        Result info = attempt(Duration.ofMinutes(1), List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"));
        if (info.code() != 0) {
            return Optional.of("podman cannot run here with " + CONTAINERS_CONF + ": " + info.output().strip());
        }
        if (!info.output().strip().equals("runc")) {
            return Optional.of("podman uses the OCI runtime " + info.output().strip() + ", not runc: is CONTAINERS_CONF ignored?");
        }
        return Optional.empty();
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
