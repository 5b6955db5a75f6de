package dev.mooring.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The base of every Mooring image, made here without a registry: a Debian {@code minbase} root file system
 * (debootstrap) without documentation, man pages, locales or apt lists, a jlink-ed runtime of the JDK devstack runs
 * on with only the modules in {@code devstack/images/jlink-modules.txt} (and its default CDS archive, for start
 * time), user 185 and {@code /deployments}, imported with {@code podman import}. Of one recipe, two {@link Kind}s:
 * the services' base, and the node agent's, which adds the host's storage tools and runs as root.
 *
 * <p>Its tag is a hash of its inputs (the recipe below, the kind, the module list, the JDK), so it is built again
 * only when one of them changed: debootstrap alone takes half a minute.
 */
public final class BaseImage {

    /** The repository part of the services' base's name; the tag is {@code <java feature>-<inputs hash>}. */
    public static final String REPOSITORY = "localhost/mooring/base";

    /** What a base is for: the same recipe, plus packages, with the user its images run as. */
    public enum Kind {
        /** The services and the simulator: nothing but the JVM, user 185. */
        SERVICE(REPOSITORY, List.of(), List.of(), USER, List.of()),
        /**
         * The node agent: the commands it runs on the host's devices (iscsiadm, multipath, multipathd, mkfs.*, blkid,
         * wipefs, losetup, blockdev, mount, resize2fs, xfs_growfs), as root — a privileged DaemonSet's container.
         * Their clients must be of the versions of the node's iscsid and multipathd (Debian bookworm's here).
         */
        HOST(REPOSITORY + "-host",
                List.of("open-iscsi", "multipath-tools", "e2fsprogs", "xfsprogs", "util-linux", "mount"),
                // xfsprogs depends on Python (for xfs_scrub_all) and ICU (for xfs_scrub), 70 MB the agent never runs:
                // mkfs.xfs and xfs_growfs use neither (the check below proves their libraries resolve). Removed in
                // this order, each package's removal script still finding what it needs.
                List.of("python3", "python3.11", "python3-minimal", "python3.11-minimal", "libpython3-stdlib",
                        "libpython3.11-stdlib", "libpython3.11-minimal", "libicu72"),
                0,
                List.of("iscsiadm", "multipath", "multipathd", "mkfs.ext4", "mkfs.xfs", "resize2fs", "xfs_growfs", "blkid",
                        "wipefs", "losetup", "blockdev", "mount", "umount", "truncate", "stat", "cp"));

        private final String repository;
        private final List<String> packages;
        private final List<String> purged;
        private final int user;
        private final List<String> tools;

        Kind(String repository, List<String> packages, List<String> purged, int user, List<String> tools) {
            this.repository = repository;
            this.packages = packages;
            this.purged = purged;
            this.user = user;
            this.tools = tools;
        }

        /** Where its images are tagged, e.g. {@code localhost/mooring/base-host}. */
        public String repository() {
            return repository;
        }

        /** Debian packages added to {@code minbase} ({@code debootstrap --include}). */
        public List<String> packages() {
            return packages;
        }

        /** Packages the added ones depend on but no Mooring code uses, removed despite the dependency. */
        public List<String> purged() {
            return purged;
        }

        /** The user the base, and every image built on it, runs as. */
        public int user() {
            return user;
        }

        /** Commands the base's check finds on the PATH with every library they link, or the build fails. */
        public List<String> tools() {
            return tools;
        }

        /** The file-name stem of its work files: {@code base}, {@code base-host}. */
        String stem() {
            return repository.substring(repository.lastIndexOf('/') + 1);
        }
    }
    /** The label that holds the whole hash of the inputs. */
    public static final String INPUTS_LABEL = "dev.mooring.base.inputs";
    public static final String MODULES_FILE = "devstack/images/jlink-modules.txt";
    public static final int USER = 185;
    public static final String JAVA_HOME = "/opt/java";

    // The recipe. Everything here is part of the inputs hash: change a line, and the next build makes a new base.
    private static final String SUITE = "bookworm";
    private static final String VARIANT = "minbase";
    /** Emptied in the root file system: nothing in a service's container reads them. Directories and copyright files stay. */
    private static final List<String> STRIPPED = List.of("usr/share/man", "usr/share/info", "usr/share/locale",
            "usr/share/lintian", "var/lib/apt/lists", "var/cache/apt", "var/log");
    /** The same for packages installed later in an image built on this one (dpkg reads this at each install). */
    private static final String DPKG_EXCLUDES = """
            # Mooring's base: like Debian's slim images, no documentation, man pages or translations.
            path-exclude /usr/share/doc/*
            path-include /usr/share/doc/*/copyright
            path-exclude /usr/share/man/*
            path-exclude /usr/share/info/*
            path-exclude /usr/share/locale/*
            path-exclude /usr/share/lintian/*
            """;
    /** AWT's native parts: java.desktop is here for java.beans only, and these need X11 libraries that are not. */
    private static final String AWT_NATIVE = "**/libawt_xawt.so,**/libawt_headless.so,**/libsplashscreen.so,"
            + "**/libjsound.so,**/libjavajpeg.so,**/libmlib_image.so,**/liblcms.so,**/libfontmanager.so";
    private static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages",
            "--compress=2", "--generate-cds-archive", "--exclude-files=" + AWT_NATIVE);
    /**
     * The CDS archive for heaps of 32 GiB and more (no compressed oops), which no Mooring container has: 11 MB.
     */
    private static final String UNUSED_ARCHIVE = "lib/server/classes_nocoops.jsa";
    private static final List<String> IMAGE_SETTINGS = List.of(
            "ENV JAVA_HOME=" + JAVA_HOME,
            "ENV PATH=" + JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            // Java 17 takes its default charset from the locale; POSIX would make it ASCII. C.UTF-8 is built into glibc.
            "ENV LANG=C.UTF-8",
            "WORKDIR /deployments");

    private final Path root;
    private final Podman podman;
    private final Path work;
    private final Kind kind;
    private final String mirror;

    /** The services' base; {@code work}: where the root file system is assembled and the build log is kept. */
    public BaseImage(Path root, Podman podman, Path work) {
        this(root, podman, work, Kind.SERVICE);
    }

    public BaseImage(Path root, Podman podman, Path work, Kind kind) {
        this.root = root;
        this.podman = podman;
        this.work = work;
        this.kind = kind;
        String configured = System.getenv("MOORING_DEBIAN_MIRROR");
        this.mirror = configured == null || configured.isBlank() ? "http://deb.debian.org/debian" : configured;
    }

    /** The modules named in {@code jlink-modules.txt}, comments and blank lines left out. */
    public List<String> modules() {
        List<String> modules = moduleLines().stream().filter(m -> !m.startsWith("-")).toList();
        if (!modules.contains("java.base")) {
            throw new IllegalArgumentException(MODULES_FILE + " must name java.base");
        }
        return modules;
    }

    /** Modules that jdeps names but the list leaves out on purpose (lines starting with {@code -}). */
    public List<String> excludedModules() {
        return moduleLines().stream().filter(m -> m.startsWith("-")).map(m -> m.substring(1)).toList();
    }

    private List<String> moduleLines() {
        Path file = root.resolve(MODULES_FILE);
        try {
            List<String> lines = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                String module = line.replaceAll("#.*", "").strip();
                if (module.isEmpty()) {
                    continue;
                }
                if (!module.matches("-?[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*")) {
                    throw new IllegalArgumentException(MODULES_FILE + " line " + number + ": \"" + module
                            + "\" is not a module name (or -name for one left out)");
                }
                lines.add(module);
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The image this checkout's inputs make, e.g. {@code localhost/mooring/base:17-3fa2c09b1d7e}. */
    public String reference() {
        return kind.repository() + ":" + Runtime.version().feature() + "-" + inputsHash().substring(0, 12);
    }

    /** The settings {@code podman import} gives the image: the runtime's environment and the kind's user. */
    private List<String> settings() {
        List<String> settings = new ArrayList<>(IMAGE_SETTINGS);
        settings.add("USER " + kind.user());
        return settings;
    }

    /** SHA-256 over everything the base is made from. */
    String inputsHash() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("debian", SUITE + " " + VARIANT);
        inputs.put("packages", kind.packages());
        inputs.put("purged", kind.purged());
        inputs.put("stripped", STRIPPED);
        inputs.put("dpkg-excludes", DPKG_EXCLUDES);
        inputs.put("modules", modules());
        inputs.put("jlink", JLINK_OPTIONS);
        inputs.put("unused", UNUSED_ARCHIVE);
        inputs.put("settings", settings());
        inputs.put("tools", kind.tools());
        inputs.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.version") + " "
                + System.getProperty("os.arch"));
        Path release = Path.of(System.getProperty("java.home"), "release");
        try {
            inputs.put("jdk-release", Files.isRegularFile(release) ? Files.readString(release, StandardCharsets.UTF_8) : "");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(inputs.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a build did: nothing (the image was there), or each step with its time. */
    public record Outcome(String reference, boolean built, Map<String, Duration> steps) {
        public Duration total() {
            return steps.values().stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** Builds the base unless an image with these inputs exists (or {@code force}); returns what it did. */
    public Outcome ensure(boolean force, PrintStream out) {
        String reference = reference();
        if (!force && podman.imageExists(reference)) {
            return new Outcome(reference, false, Map.of());
        }
        jlinkTool();
        Path log = work.resolve(kind.stem() + "-build.log");
        Path rootfs = work.resolve("rootfs-" + kind.stem());
        Map<String, Duration> steps = new LinkedHashMap<>();
        try {
            Files.createDirectories(work);
            Files.writeString(log, "=== devstack: building " + reference + "\n", StandardCharsets.UTF_8);
            remove(rootfs, log);
            out.printf("images: building the base %s (debootstrap %s %s%s, jlink, podman import); log %s%n", reference,
                    VARIANT, SUITE, kind.packages().isEmpty() ? "" : " with " + String.join(", ", kind.packages()), log);
            List<String> debootstrap = new ArrayList<>(List.of("debootstrap", "--variant=" + VARIANT));
            if (!kind.packages().isEmpty()) {
                debootstrap.add("--include=" + String.join(",", kind.packages()));
            }
            debootstrap.addAll(List.of(SUITE, rootfs.toString(), mirror));
            steps.put("debootstrap", timed(() -> Commands.logged(debootstrap, root, podman.environment(),
                    Duration.ofMinutes(10), log)));
            if (!kind.purged().isEmpty()) {
                steps.put("purge", timed(() -> kind.purged().forEach(unused -> Commands.logged(
                        List.of("chroot", rootfs.toString(), "dpkg", "--purge", "--force-depends", unused), root,
                        podman.environment(), Duration.ofMinutes(2), log))));
            }
            steps.put("strip", timed(() -> strip(rootfs)));
            steps.put("jlink", timed(() -> jlink(rootfs, log)));
            steps.put("import", timed(() -> importInto(rootfs, reference, log)));
            remove(rootfs, log);
            steps.put("check", timed(() -> check(reference, log)));
            return new Outcome(reference, true, steps);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the base image: " + e.getMessage(), e);
        }
    }

    private void strip(Path rootfs) {
        try {
            for (String dir : STRIPPED) {
                deleteFiles(rootfs.resolve(dir), p -> true);
            }
            // Documentation, except each package's copyright file.
            Path doc = rootfs.resolve("usr/share/doc");
            deleteFiles(doc, p -> !(p.getFileName().toString().equals("copyright") && p.getNameCount() == doc.getNameCount() + 2));
            // glibc's iconv modules: the JVM brings its own charsets and never calls iconv.
            try (Stream<Path> libs = Files.list(rootfs.resolve("usr/lib"))) {
                for (Path gconv : libs.map(d -> d.resolve("gconv")).filter(Files::isDirectory).toList()) {
                    deleteFiles(gconv, p -> true);
                }
            }
            Files.writeString(Files.createDirectories(rootfs.resolve("etc/dpkg/dpkg.cfg.d")).resolve("01-mooring-nodoc"),
                    DPKG_EXCLUDES, StandardCharsets.UTF_8);
            Files.writeString(rootfs.resolve("etc/passwd"), USER + ":x:" + USER + ":" + USER
                    + ":Mooring service:/deployments:/usr/sbin/nologin\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(rootfs.resolve("etc/group"), USER + ":x:" + USER + ":\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            // Owned by root and only readable for 185: a service cannot change its own code.
            Files.createDirectories(rootfs.resolve("deployments"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot strip " + rootfs + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every file and link under {@code dir} that {@code which} accepts; directories stay (tools expect them). */
    private static void deleteFiles(Path dir, java.util.function.Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).filter(which).toList()) {
                Files.delete(p);
            }
        }
    }

    private void jlink(Path rootfs, Path log) {
        Path java = rootfs.resolve(JAVA_HOME.substring(1));
        List<String> command = new ArrayList<>(List.of(jlinkTool().toString(), "--add-modules", String.join(",", modules())));
        command.addAll(JLINK_OPTIONS);
        command.addAll(List.of("--output", java.toString()));
        Commands.logged(command, root, Map.of(), Duration.ofMinutes(10), log);
        try {
            Files.deleteIfExists(java.resolve(UNUSED_ARCHIVE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jlink of the JDK devstack runs on: the runtime in the image is that JDK's. */
    private static Path jlinkTool() {
        Path home = Path.of(System.getProperty("java.home"));
        Path jlink = home.resolve("bin/jlink");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(home.resolve("jmods"))) {
            throw new IllegalStateException("Building the base image needs a JDK with jlink and its jmods; " + home + " has "
                    + (Files.isExecutable(jlink) ? "no jmods directory" : "no bin/jlink")
                    + " (on Debian: apt-get install openjdk-17-jdk-headless)");
        }
        return jlink;
    }

    /**
     * The runtime starts in the image, as its user, with its CDS archive ({@code -Xshare:on} fails otherwise), and
     * the kind's tools are on the PATH. A base that fails is removed, so that the next build does not take it for up
     * to date.
     */
    private void check(String reference, Path log) {
        try {
            podman.runLogged(Duration.ofMinutes(2), List.of("run", "--rm", "--network", "none", reference,
                    "java", "-Xshare:on", "-version"), log);
            if (!kind.tools().isEmpty()) {
                podman.runLogged(Duration.ofMinutes(2), List.of("run", "--rm", "--network", "none", reference, "sh", "-c",
                        "for t in " + String.join(" ", kind.tools()) + "; do p=$(command -v $t) || { echo \"$t is missing\"; exit 1; };"
                                + " ! ldd $p | grep 'not found' || { echo \"$t lacks a library\"; exit 1; }; echo $p; done"),
                        log);
            }
        } catch (RuntimeException e) {
            podman.attempt(Duration.ofMinutes(1), List.of("rmi", reference));
            throw e;
        }
    }

    private void importInto(Path rootfs, String reference, Path log) {
        List<String> importCommand = new ArrayList<>(List.of("podman", "import"));
        for (String setting : settings()) {
            importCommand.addAll(List.of("--change", setting));
        }
        importCommand.addAll(List.of("--change", "LABEL " + INPUTS_LABEL + "=" + inputsHash(),
                "--change", "LABEL org.opencontainers.image.title=mooring-" + kind.stem(),
                "--change", "LABEL org.opencontainers.image.description=\"Debian " + SUITE + " " + VARIANT
                        + (kind.packages().isEmpty() ? "" : " with " + String.join(" ", kind.packages()))
                        + " and a jlink-ed Java " + Runtime.version().feature() + " runtime, user " + kind.user() + "\"",
                "-", reference));
        try {
            ProcessBuilder tar = new ProcessBuilder("tar", "--numeric-owner", "-C", rootfs.toString(), "-c", ".")
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            ProcessBuilder podmanImport = new ProcessBuilder(importCommand)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            podmanImport.environment().putAll(podman.environment());
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(tar, podmanImport));
            for (Process p : pipeline) {
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("tar | podman import failed (exit " + p.exitValue() + "); see " + log
                            + ":\n" + ChildProcess.tail(log, 20));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run tar | podman import: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while importing the base image", e);
        }
    }

    /**
     * Removes an earlier root file system. A debootstrap that was interrupted can leave {@code proc} or {@code sys}
     * mounted inside it: those are unmounted first, and {@code rm --one-file-system} never crosses into a mount.
     */
    private void remove(Path rootfs, Path log) {
        if (!Files.exists(rootfs)) {
            return;
        }
        String prefix = rootfs.toAbsolutePath().normalize() + "/";
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
                String point = line.split(" ")[1];
                if (point.startsWith(prefix)) {
                    mounts.add(0, point);
                }
            }
            for (String point : mounts) {
                command(log, Duration.ofMinutes(1), "umount", "--lazy", point);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        command(log, Duration.ofMinutes(5), "rm", "-rf", "--one-file-system", rootfs.toString());
    }

    private void command(Path log, Duration timeout, String... command) {
        Commands.logged(List.of(command), root, podman.environment(), timeout, log);
    }

    private static Duration timed(Runnable step) {
        long start = System.nanoTime();
        step.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
