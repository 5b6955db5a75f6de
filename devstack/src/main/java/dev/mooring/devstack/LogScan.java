package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the error lines in the stack's logs, as Strimzi's system tests do at the end of each test: a
 * Quarkus line with {@code level=ERROR} or {@code ERROR}, an SLF4J-simple {@code ERROR} (Kafka, the
 * Kubernetes API server), {@code SEVERE}, or an uncaught exception — minus the ones a test expects.
 */
public final class LogScan {

    private static final Pattern ERROR = Pattern.compile("level=ERROR|\\bERROR\\b|\\bFATAL\\b|\\bSEVERE\\b|Exception in thread");
    /**
     * Quarkus tags what is logged once the application has begun to stop: Netty's "event loop shut down" for a
     * listener that completes while the stack stops a service is the shutdown's order, not a fault of the service.
     */
    private static final Pattern AFTER_SHUTDOWN = Pattern.compile("\\[Error Occurred After Shutdown\\]");

    private LogScan() {
    }

    /** {@code file:line: text} for every error line not matched by one of {@code expected}. */
    public static List<String> unexpectedErrors(List<Path> logs, List<Pattern> expected) {
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (ERROR.matcher(line).find() && !AFTER_SHUTDOWN.matcher(line).find()
                            && expected.stream().noneMatch(p -> p.matcher(line).find())) {
                        found.add(log.getFileName() + ":" + (i + 1) + ": " + line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + log, e);
            }
        }
        return found;
    }
}
