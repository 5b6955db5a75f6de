package dev.mooring.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs commands as child processes; a command that outlives its timeout is killed and reported, never waited on. */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = Logger.getLogger(ProcessCommandRunner.class);

    @Override
    public Result run(List<String> argv, Duration timeout) {
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new HostException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HostException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            Result r = new Result(process.exitValue(), out.get(), err.get());
            LOG.debugf("%s -> %d in %d ms", argv, r.exitCode(), (System.nanoTime() - started) / 1_000_000);
            return r;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while running " + argv.get(0), e);
        } catch (ExecutionException e) {
            throw new HostException("cannot read the output of " + argv.get(0), e.getCause());
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
