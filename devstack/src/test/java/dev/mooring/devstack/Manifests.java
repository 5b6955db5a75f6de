package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** The manifests of {@code k8s/} as fabric8's typed objects, for the manifest tests. */
final class Manifests {

    /** The four services, each a Deployment, a Service and a ServiceAccount of this name. */
    static final List<String> SERVICES = List.of("provisioner-svc", "attach-svc", "health-svc", "topology-svc");

    private Manifests() {
    }

    /** The objects of one manifest, or of every manifest in a directory. */
    static List<HasMetadata> load(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                List<HasMetadata> all = new ArrayList<>();
                files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted()
                        .forEach(p -> all.addAll(load(p)));
                return all;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parse(read(path));
    }

    /** Typed objects (fabric8's model) of a multi-document YAML; custom resources (Strimzi, CloudNativePG) come generic. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Arrays.stream(yaml.split("(?m)^---\\s*$")).filter(d -> d.contains("kind:")).toList()) {
            Object parsed = Serialization.unmarshal(document);
            if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else if (parsed instanceof HasMetadata object) {
                objects.add(object);
            }
        }
        return objects;
    }

    /** The objects of {@code kind}. */
    static <T> List<T> all(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = all(objects, kind);
        assertThat(found).as(kind.getSimpleName() + " objects").hasSize(1);
        return found.get(0);
    }

    /** The object of {@code kind} named {@code name}. */
    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
        return all(objects, kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    /**
     * What {@code kubectl kustomize} builds from {@code dir} (offline, kubectl's own kustomize); empty when kubectl is
     * not on this machine.
     */
    static Optional<List<HasMetadata>> kustomize(Path root, Path dir) throws IOException {
        if (!Podman.onPath("kubectl")) {
            return Optional.empty();
        }
        Path output = Files.createTempFile("kustomize-", ".yaml");
        try {
            int code = Commands.exec(List.of("kubectl", "kustomize", dir.toString()), root, Map.of(), Duration.ofMinutes(1), output);
            String built = read(output);
            assertThat(code).as("kubectl kustomize:\n" + built).isZero();
            return Optional.of(parse(built));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A module's {@code application.properties}. */
    static Properties properties(Path root, String module) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
