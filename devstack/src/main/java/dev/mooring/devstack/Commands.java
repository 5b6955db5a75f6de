package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a one-shot command (a build step) with its output appended to a log file, within a time limit. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command} in {@code directory}; returns its exit code. Killed (with its children) after {@code timeout}. */
    static int exec(List<String> command, Path directory, Map<String, String> environment, Duration timeout, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Like {@link #exec}, the command line written to the log first; fails naming the log and its last lines. */
    static void logged(List<String> command, Path directory, Map<String, String> environment, Duration timeout, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int code = exec(command, directory, environment, timeout, log);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(2, command.size())))
                    + " failed (exit " + code + "); see " + log + ":\n" + ChildProcess.tail(log, 20));
        }
    }
}
