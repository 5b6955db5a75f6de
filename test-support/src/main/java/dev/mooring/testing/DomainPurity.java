package dev.mooring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a service's {@code domain} package pure: plain Java that a unit test drives directly, with no
 * Quarkus, Vert.x, Mutiny, persistence, messaging or Kubernetes client (CONVENTIONS.md).
 */
public final class DomainPurity {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(io\\.quarkus|io\\.smallrye|io\\.vertx|jakarta\\.|org\\.hibernate|"
                    + "io\\.fabric8|org\\.apache\\.kafka|org\\.eclipse\\.microprofile|dev\\.mooring\\.kit)");

    private DomainPurity() {
    }

    /** The offending import lines under {@code domainDir}, as {@code File.java: import …}. */
    public static List<String> violations(Path domainDir) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(domainDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (FORBIDDEN.matcher(line.trim()).find()) {
                        found.add(file.getFileName() + ": " + line.trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
