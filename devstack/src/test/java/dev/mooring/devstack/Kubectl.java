package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} binary, run as a user runs it: against one kubeconfig, with a discovery cache of the
 * test's own (so no earlier server on the same port answers from the cache). {@code $KUBECTL} names the binary;
 * else {@code kubectl} on the PATH. Missing, the test fails saying how to get it.
 */
final class Kubectl {

    private static final long TIMEOUT_SECONDS = 120;

    /** What one command did: exit code and both streams. */
    record Run(String command, int exitCode, String out, String err) {
        Run ok() {
            if (exitCode != 0) {
                fail("`" + command + "` exited " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }

        Run failed() {
            if (exitCode == 0) {
                fail("`" + command + "` succeeded but should have failed\nstdout:\n" + out);
            }
            return this;
        }
    }

    private final Path binary;
    private final Path kubeconfig;
    private final Path cache;

    Kubectl(Path kubeconfig, Path cache) {
        this.binary = find().orElseGet(() -> fail("kubectl is not installed: these tests run the real binary. Install "
                + "kubectl 1.32 (or Debian's kubernetes-client: apt-get install -y kubernetes-client), or point $KUBECTL at it."));
        this.kubeconfig = kubeconfig;
        this.cache = cache;
    }

    /** {@code $KUBECTL}, else the first {@code kubectl} on the PATH. */
    static Optional<Path> find() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The client's minor version (32 for kubectl 1.32; 20 for Debian's kubernetes-client 1.20). */
    int clientMinor() {
        String json = run("version", "--client", "-o", "json").ok().out();
        java.util.regex.Matcher minor = java.util.regex.Pattern.compile("\"minor\":\\s*\"(\\d+)").matcher(json);
        if (!minor.find()) {
            fail("kubectl version --client -o json names no minor version:\n" + json);
        }
        return Integer.parseInt(minor.group(1));
    }

    /** Runs {@code kubectl args…} and waits for it. */
    Run run(String... args) {
        return piped(null, args);
    }

    /** Runs {@code kubectl args…} with {@code stdin} (may be null) and waits for it. */
    Run piped(String stdin, String... args) {
        return execute(stdin, Duration.ofSeconds(TIMEOUT_SECONDS), args);
    }

    /** A command that does not end by itself ({@code get -w}), running: what it printed so far, and a way to stop it. */
    record Running(Process process, StringBuffer out) implements AutoCloseable {
        String printed() {
            return out.toString();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** Starts {@code kubectl args…} and returns at once; its output accumulates as it comes. */
    Running start(String... args) {
        try {
            Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            StringBuffer out = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = process.getInputStream()) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process was stopped
                }
            }, "kubectl-output");
            reader.setDaemon(true);
            reader.start();
            return new Running(process, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start kubectl " + String.join(" ", args), e);
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig=" + kubeconfig, "--cache-dir=" + cache));
        command.addAll(List.of(args));
        return command;
    }

    private Run execute(String stdin, Duration limit, String... args) {
        List<String> command = command(args);
        String shown = "kubectl " + String.join(" ", args);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("`" + shown + "` did not finish in " + limit.toSeconds() + " s");
            }
            return new Run(shown, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + shown, e);
        }
    }

    /** Reads a stream to its end on a thread of its own, so a full pipe never blocks kubectl. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /** A kubeconfig naming {@code server}, without credentials, as devstack writes one. */
    static Path kubeconfigFor(String server, Path file) {
        try {
            Files.writeString(file, String.join("\n", "apiVersion: v1", "kind: Config", "clusters:", "- name: test",
                    "  cluster:", "    server: " + server, "users:", "- name: test", "  user: {}", "contexts:", "- name: test",
                    "  context:", "    cluster: test", "    user: test", "current-context: test", ""));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
