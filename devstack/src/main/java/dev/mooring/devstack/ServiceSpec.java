package dev.mooring.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Mooring service as devstack runs it, read from {@code devstack/services.txt}: its name, module
 * directory, default HTTP port, database, and settings of its own (with placeholders that the stack fills
 * in: {@code ${pureJson}}, {@code ${arraysCa}}, {@code ${kubeApi}}, …). Adding a service is a line there.
 */
public record ServiceSpec(String name, String module, int defaultPort, String database, Map<String, String> settings) {

    public static final String RESOURCE = "devstack/services.txt";

    /** The quarkus-run.jar that {@code mvn package} builds in the module. */
    public Path runJar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Whether the module is built (its quarkus-app exists). */
    public boolean built(Path root) {
        return Files.isRegularFile(runJar(root));
    }

    /** Every service of the catalogue, in order. */
    public static List<ServiceSpec> catalogue() {
        try (InputStream in = ServiceSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of {@code name module port database [key=value …]}; {@code #} starts a comment. */
    static List<ServiceSpec> parse(List<String> lines) {
        List<ServiceSpec> specs = new ArrayList<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 4) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + ": expected name, module, port, database");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 4; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(RESOURCE + " line " + number + ": setting " + parts[i] + " is not key=value");
                }
                settings.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            specs.add(new ServiceSpec(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3], Map.copyOf(settings)));
        }
        return List.copyOf(specs);
    }
}
