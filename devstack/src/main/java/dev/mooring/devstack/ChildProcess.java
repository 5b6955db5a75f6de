package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One process of the stack: started with its output appended to its own log file, stopped gracefully
 * (SIGTERM, then SIGKILL after a grace period) together with any process it started itself. When it is the
 * {@code podman run} of a {@link Container}, stopping, killing and its pid go through podman instead.
 */
public final class ChildProcess {

    private static final Pattern SECRET_SETTING = Pattern.compile("(?i)(-D[^=]*(token|password|secret)[^=]*=)\\S+");

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Path directory;
    private final Map<String, String> environment;
    private final Container container;
    private volatile Process process;

    public ChildProcess(String name, List<String> command, Path log, Path directory) {
        this(name, command, log, directory, Map.of());
    }

    /** {@code environment}: variables added to this process's environment (inherited otherwise). */
    public ChildProcess(String name, List<String> command, Path log, Path directory, Map<String, String> environment) {
        this(name, command, log, directory, environment, null);
    }

    /** {@code container}: the container this process ({@code podman run}) runs in the foreground, or null. */
    public ChildProcess(String name, List<String> command, Path log, Path directory, Map<String, String> environment,
                        Container container) {
        this.container = container;
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public List<String> command() {
        return command;
    }

    /** Starts (or starts again) the process; its output goes to the end of the log file. */
    public synchronized ChildProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== devstack: starting " + name + " at " + Instant.now() + "\n=== "
                            + SECRET_SETTING.matcher(String.join(" ", command)).replaceAll("$1****") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The pid of the process, or of the container's JVM on this machine (-1 when it does not run). */
    public long pid() {
        Process p = process;
        if (container != null) {
            return p == null || !p.isAlive() ? -1 : container.pid().orElse(-1L);
        }
        return p == null ? -1 : p.pid();
    }

    /** The container this process runs, if it is one. */
    public Optional<Container> container() {
        return Optional.ofNullable(container);
    }

    public Optional<Integer> exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? Optional.empty() : Optional.of(p.exitValue());
    }

    /** Waits for a one-shot process (e.g. the storage formatter) and returns its exit code. */
    public int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after {@code grace}. */
    public synchronized void stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        if (container != null && p.isAlive()) {
            // A signal to the podman client would not reach the container: podman stops it (SIGTERM, then SIGKILL).
            container.stop(grace);
            awaitExit(p, Duration.ofSeconds(30));
        }
        List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
        p.destroy();
        family.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        note("stopped (exit " + (p.isAlive() ? "?" : p.exitValue()) + ")");
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed — the crash a test provokes. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        if (container != null && p.isAlive()) {
            container.kill();
            awaitExit(p, Duration.ofSeconds(30));
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        note("killed with SIGKILL");
    }

    private static void awaitExit(Process p, Duration timeout) {
        try {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        return tail(log, lines);
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void note(String what) {
        try {
            Files.writeString(log, "=== devstack: " + name + " " + what + " at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is informative only
        }
    }
}
