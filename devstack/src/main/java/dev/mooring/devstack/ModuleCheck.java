package dev.mooring.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * {@code devstack/mooring images --check-modules}: runs {@code jdeps} over every jar of the images and reports any
 * Java module it finds that the base's runtime ({@code jlink-modules.txt} and what those modules require) lacks.
 * Run it when dependencies change; a module missing from the base shows only when a class needs it.
 *
 * <p>jdeps cannot analyse these jars as modules (their descriptors require each other, and some automatic names are
 * invalid), so their classes are merged into one plain jar first, each jar's module descriptor left out.
 */
public final class ModuleCheck {

    private final Path root;
    private final BaseImage base;

    public ModuleCheck(Path root, BaseImage base) {
        this.root = root;
        this.base = base;
    }

    /** Prints the comparison; true when the base has every module jdeps finds (or leaves it out on purpose). */
    public boolean run(PrintStream out) {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (Images.Target target : Images.targets()) {
            Path app = root.resolve(target.module()).resolve("target/quarkus-app");
            if (!Files.isDirectory(app)) {
                throw new IllegalStateException(target.name() + " is not built: " + app + " is missing");
            }
            try (Stream<Path> files = Files.walk(app)) {
                files.filter(p -> p.toString().endsWith(".jar")).forEach(p -> jars.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.printf("images: jdeps over %d distinct jars of %d images (a minute or two)...%n", jars.size(), Images.targets().size());
        Set<String> found = jdeps(merge(jars.values()));
        Set<String> runtime = closure(base.modules());
        Set<String> missing = new TreeSet<>(found);
        missing.removeAll(runtime);
        Set<String> excluded = new TreeSet<>(missing);
        excluded.retainAll(base.excludedModules());
        missing.removeAll(excluded);
        out.println("  jdeps finds:            " + String.join(",", found));
        out.println("  the base's runtime has: " + String.join(",", runtime));
        if (!excluded.isEmpty()) {
            out.println("  left out on purpose:    " + String.join(",", excluded) + " (see " + BaseImage.MODULES_FILE + ")");
        }
        if (missing.isEmpty()) {
            out.println("images: the base has every module jdeps finds");
            return true;
        }
        out.println("images: MISSING from the base: " + String.join(",", missing) + " — add them to " + BaseImage.MODULES_FILE
                + " (with the reason), or mark them -left-out with the reason");
        return false;
    }

    /** The listed modules and everything they require, as jlink would resolve them. */
    static Set<String> closure(List<String> roots) {
        Configuration configuration = Configuration.empty().resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), roots);
        Set<String> names = new TreeSet<>();
        for (ResolvedModule module : configuration.modules()) {
            names.add(module.name());
        }
        return names;
    }

    private Path merge(Iterable<Path> jars) {
        try {
            Path merged = Files.createTempFile("devstack-jdeps-", ".jar");
            merged.toFile().deleteOnExit();
            Set<String> seen = new HashSet<>();
            // Multi-release, so that jdeps reads the classes a Java 17 runtime would load (META-INF/versions/9..17).
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(merged), manifest)) {
                for (Path jar : jars) {
                    try (JarFile file = new JarFile(jar.toFile())) {
                        Enumeration<JarEntry> entries = file.entries();
                        while (entries.hasMoreElements()) {
                            JarEntry entry = entries.nextElement();
                            String name = entry.getName();
                            if (!name.endsWith(".class") || name.endsWith("module-info.class") || newerThanRuntime(name)
                                    || !seen.add(name)) {
                                continue;
                            }
                            out.putNextEntry(new JarEntry(name));
                            try (InputStream in = file.getInputStream(entry)) {
                                in.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
            return merged;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot merge the images' jars for jdeps: " + e.getMessage(), e);
        }
    }

    private static boolean newerThanRuntime(String entry) {
        if (!entry.startsWith("META-INF/versions/")) {
            return false;
        }
        String release = entry.substring("META-INF/versions/".length()).replaceAll("/.*", "");
        return !release.matches("\\d+") || Integer.parseInt(release) > Runtime.version().feature();
    }

    private static Set<String> jdeps(Path jar) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("No jdeps in " + System.getProperty("java.home") + ": a JDK is needed"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "-q",
                "--multi-release", String.valueOf(Runtime.version().feature()), jar.toString()));
        try (PrintStream to = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int code = jdeps.run(to, to, args.toArray(String[]::new));
            String text = output.toString(StandardCharsets.UTF_8).strip();
            if (code != 0) {
                throw new IllegalStateException("jdeps failed (exit " + code + "): " + text);
            }
            String last = text.lines().reduce((a, b) -> b).orElse("");
            return new TreeSet<>(Arrays.asList(last.split(",")));
        } finally {
            try {
                Files.deleteIfExists(jar);
            } catch (IOException ignored) {
                // a temporary file; deleted at exit otherwise
            }
        }
    }
}
