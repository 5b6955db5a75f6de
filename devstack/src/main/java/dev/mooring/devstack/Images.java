package dev.mooring.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code devstack/mooring images}: Mooring's OCI images, built here with podman and no registry. First the bases
 * ({@link BaseImage}, each only when its inputs changed), then one image per service of the catalogue, one of the
 * simulator and one of the node agent, each from its module's {@code target/quarkus-app} with
 * {@code devstack/images/Containerfile} on the base of its {@link BaseImage.Kind kind}, as that kind's user, tagged
 * {@code mooring/<name>:<version>} as {@code k8s/base} expects.
 */
public final class Images {

    /** The Containerfile of every service image, relative to the repository root. */
    public static final String CONTAINERFILE = "devstack/images/Containerfile";
    /** The simulator's ports: two arrays, the admin API, Quarkus' health (devstack's defaults). */
    private static final List<Integer> SIMULATOR_PORTS = List.of(8443, 8444, 8490, 8480);
    /** The node agent's HTTP port (health, metrics); its CSI endpoint is a Unix socket. */
    private static final int NODE_AGENT_PORT = 9108;

    /** One image to build: its name, the module whose quarkus-app it holds, the ports it listens on, its base's kind. */
    public record Target(String name, String module, List<Integer> ports, BaseImage.Kind kind) {

        /** The image's full name, e.g. {@code localhost/mooring/provisioner-svc:0.1.0}. */
        public String reference() {
            return "localhost/mooring/" + name + ":" + version();
        }

        Path context(Path root) {
            return root.resolve(module).resolve("target/quarkus-app");
        }
    }

    /** An image as built: its name, size in bytes, how long its build took (zero when it was up to date). */
    public record Built(Target target, String reference, long size, Duration took, boolean upToDate) {
    }

    /** What a run did: each base, and the images in catalogue order. */
    public record Result(Map<BaseImage.Kind, BaseImage.Outcome> bases, List<Built> images) {

        /** The services' base. */
        public BaseImage.Outcome base() {
            return base(BaseImage.Kind.SERVICE);
        }

        public BaseImage.Outcome base(BaseImage.Kind kind) {
            return bases.get(kind);
        }
    }

    private final Path root;
    private final Podman podman;
    private final Path work;

    public Images(Path root) {
        this.root = root;
        this.podman = new Podman(root);
        this.work = root.resolve("devstack/target/images");
    }

    public Podman podman() {
        return podman;
    }

    /** The services' base. */
    public BaseImage base() {
        return base(BaseImage.Kind.SERVICE);
    }

    public BaseImage base(BaseImage.Kind kind) {
        return new BaseImage(root, podman, work, kind);
    }

    /** The tag of every image: the project's version without {@code -SNAPSHOT} ({@code k8s/base} names it). */
    public static String version() {
        try (InputStream in = Images.class.getClassLoader().getResourceAsStream("devstack/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("devstack/version.properties is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("devstack/version.properties was not filled in by the build: " + version);
            }
            return version.replace("-SNAPSHOT", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simulator, every service of the catalogue and the node agent, in that order. */
    public static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("flasharray-sim", "flasharray-sim", SIMULATOR_PORTS, BaseImage.Kind.SERVICE));
        for (ServiceSpec spec : ServiceSpec.catalogue()) {
            targets.add(new Target(spec.name(), spec.module(), List.of(spec.defaultPort()), BaseImage.Kind.SERVICE));
        }
        targets.add(new Target("node-agent", "node-agent", List.of(NODE_AGENT_PORT), BaseImage.Kind.HOST));
        return List.copyOf(targets);
    }

    /** The image of one target by name. */
    public static Target target(String name) {
        return targets().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No image named " + name + " in " + targets()));
    }

    /**
     * Builds the bases (when their inputs changed, or always with {@code rebuildBase}) and every image, printing each
     * with its size. Fails naming what is missing when podman cannot run here or a module is not built.
     */
    public Result buildAll(boolean rebuildBase, PrintStream out) {
        return buildAll(rebuildBase, true, out);
    }

    /**
     * As {@link #buildAll(boolean, PrintStream)}; with {@code always} false, an image newer than everything it is made
     * of (its quarkus-app, the Containerfile) on the current base is left as it is, which saves podman hashing ~100 MB
     * per image at every {@code up --containers}.
     */
    public Result buildAll(boolean rebuildBase, boolean always, PrintStream out) {
        podman.problem().ifPresent(problem -> {
            throw new IllegalStateException("Cannot build images: " + problem);
        });
        List<Target> targets = targets();
        for (Target target : targets) {
            if (!Files.isRegularFile(target.context(root).resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(target.name() + " is not built (" + root.relativize(target.context(root))
                        + "/quarkus-run.jar is missing): ./mvnw -B install -DskipTests, or devstack/mooring images, which does");
            }
        }
        Map<BaseImage.Kind, BaseImage.Outcome> bases = new EnumMap<>(BaseImage.Kind.class);
        Map<BaseImage.Kind, String> previousBases = new EnumMap<>(BaseImage.Kind.class);
        for (BaseImage.Kind kind : targets.stream().map(Target::kind).distinct().toList()) {
            BaseImage base = base(kind);
            if (podman.imageExists(base.reference())) {
                previousBases.put(kind, podman.imageField(base.reference(), "{{.Id}}"));
            }
            bases.put(kind, ensure(base, rebuildBase, out));
        }
        List<Built> built = new ArrayList<>();
        for (Target target : targets) {
            BaseImage.Outcome base = bases.get(target.kind());
            if (!always && !base.built() && upToDate(target, base.reference())) {
                built.add(new Built(target, target.reference(), podman.imageSize(target.reference()), Duration.ZERO, true));
            } else {
                built.add(build(target, base.reference()));
            }
        }
        bases.forEach((kind, base) -> {
            if (base.built()) {
                removeOtherBases(kind, base.reference(), previousBases.get(kind));
            }
        });
        out.println();
        out.printf("  %-40s  %9s  %s%n", "image", "size", "build");
        for (Built b : built) {
            out.printf("  %-40s  %9s  %s%n", b.reference(), megabytes(b.size()), b.upToDate() ? "up to date" : seconds(b.took()));
        }
        out.println();
        return new Result(Map.copyOf(bases), List.copyOf(built));
    }

    private BaseImage.Outcome ensure(BaseImage base, boolean rebuild, PrintStream out) {
        BaseImage.Outcome outcome = base.ensure(rebuild, out);
        if (outcome.built()) {
            StringBuilder steps = new StringBuilder();
            outcome.steps().forEach((step, took) -> steps.append(steps.length() == 0 ? "" : ", ").append(step).append(' ')
                    .append(seconds(took)));
            out.printf("images: base %s built in %s (%s), %s%n", outcome.reference(), seconds(outcome.total()), steps,
                    megabytes(podman.imageSize(outcome.reference())));
        } else {
            out.printf("images: base %s is up to date (its inputs did not change), %s%n", outcome.reference(),
                    megabytes(podman.imageSize(outcome.reference())));
        }
        return outcome;
    }

    /** One image on the given base; the image it replaces is removed unless something still uses it. */
    public Built build(Target target, String base) {
        long start = System.nanoTime();
        String reference = target.reference();
        String previous = podman.imageExists(reference) ? podman.imageField(reference, "{{.Id}}") : null;
        Path log = work.resolve(target.name() + "-build.log");
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("build",
                "--file", root.resolve(CONTAINERFILE).toString(),
                // The base is local: never look for it (or anything else) in a registry.
                "--pull=never",
                "--build-arg", "BASE=" + base,
                "--build-arg", "PORTS=" + String.join(" ", target.ports().stream().map(String::valueOf).toList()),
                "--build-arg", "USER=" + target.kind().user(),
                "--label", "org.opencontainers.image.title=" + target.name(),
                "--label", "org.opencontainers.image.description=Mooring " + target.name() + ", from its quarkus-app",
                "--label", "org.opencontainers.image.version=" + version(),
                "--label", "dev.mooring.base=" + base,
                "--tag", reference,
                target.context(root).toString()));
        podman.runLogged(Duration.ofMinutes(10), args, log);
        String current = podman.imageField(reference, "{{.Id}}");
        if (previous != null && !previous.equals(current)) {
            // The old image is now untagged; without this, every rebuild would leave ~100 MB behind.
            podman.attempt(Duration.ofMinutes(1), List.of("rmi", previous));
        }
        return new Built(target, reference, podman.imageSize(reference), Duration.ofNanos(System.nanoTime() - start), false);
    }

    /** Whether the image exists on this base and is newer than every file it is made of. */
    boolean upToDate(Target target, String base) {
        String reference = target.reference();
        if (!podman.imageExists(reference)) {
            return false;
        }
        String[] fields = podman.imageField(reference, "{{.Created.Unix}} {{index .Labels \"dev.mooring.base\"}}").split(" ");
        if (fields.length != 2 || !fields[1].equals(base)) {
            return false;
        }
        long created = Long.parseLong(fields[0]) * 1000;
        try (Stream<Path> files = Files.walk(target.context(root))) {
            long newest = Stream.concat(files, Stream.of(root.resolve(CONTAINERFILE)))
                    .mapToLong(p -> p.toFile().lastModified()).max().orElse(Long.MAX_VALUE);
            // Seconds in the image's date: a file of the same second counts as newer.
            return newest < created;
        } catch (IOException e) {
            return false;
        }
    }

    /** Older bases of a kind (other inputs, or the one a forced rebuild replaced) that no image uses any more. */
    private void removeOtherBases(BaseImage.Kind kind, String current, String replaced) {
        String listed = podman.run("images", "--format", "{{.Repository}}:{{.Tag}}", kind.repository());
        List<String> old = new ArrayList<>(listed.lines().map(String::strip).filter(s -> !s.isEmpty() && !s.equals(current)).toList());
        if (replaced != null && !replaced.equals(podman.imageField(current, "{{.Id}}"))) {
            old.add(replaced);
        }
        for (String image : old) {
            // Fails, and keeps it, while an image still built on it exists (someone else's, or one not rebuilt).
            podman.attempt(Duration.ofMinutes(1), List.of("rmi", image));
        }
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1_000_000.0);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
