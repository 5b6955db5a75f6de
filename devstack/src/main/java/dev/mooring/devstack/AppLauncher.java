package dev.mooring.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * How devstack starts what it runs. Every child JVM carries the {@link ParentWatch} agent, so it exits when devstack
 * disappears. A Quarkus application of the stack (a service, the simulator) is one of two things, with the same
 * settings, environment and heap either way: a child JVM from its {@code quarkus-run.jar}, or — in container mode —
 * its image ({@code devstack/mooring images}) in a podman {@link Container}.
 */
public final class AppLauncher {

    private final Path root;
    private final Path work;
    private final Path logs;
    private final boolean containers;
    private final Podman podman;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Path agentJar;
    private final List<String> jit;

    /**
     * The JIT of a local stack's JVMs: C1 only. They start in about half the CPU time that C1 and C2 together take,
     * which on a 2-core machine halves a stack's start; their work is I/O, not the hot loops C2 is for.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    /** Writes the agent jar into {@code work}; logs go to {@code logs/<name>.log}. Quick-start JIT. */
    public AppLauncher(Path root, Path work, Path logs, boolean containers) {
        this(root, work, logs, containers, false);
    }

    /** {@code productionJit}: the JVMs compile as in production (C1, then C2), for benchmarks; else {@link #QUICK_START}. */
    public AppLauncher(Path root, Path work, Path logs, boolean containers, boolean productionJit) {
        this.jit = productionJit ? List.of() : QUICK_START;
        this.root = root;
        this.work = work.toAbsolutePath();
        this.logs = logs;
        this.containers = containers;
        this.podman = new Podman(root);
        try {
            this.agentJar = writeAgentJar(this.work.resolve("parent-watch.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the parent-watch agent into " + work + ": " + e.getMessage(), e);
        }
    }

    public boolean containers() {
        return containers;
    }

    public Podman podman() {
        return podman;
    }

    /** A child JVM with the agent: {@code java -javaagent:… <jvmOptions> <main>}. */
    public ChildProcess java(String name, List<String> jvmOptions, List<String> main, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add(agentOption());
        command.addAll(jit);
        command.addAll(jvmOptions);
        command.addAll(main);
        return new ChildProcess(name, command, log(name), root, environment);
    }

    /**
     * A Quarkus application of the stack, given its settings ({@code -D} for a JVM) and environment. The heap is the
     * same in both modes: {@code -Xmx} for the JVM, a container memory limit of which the image's JVM takes three
     * quarters.
     *
     * @param writable directories the application writes into (a container gets them as writable mounts)
     */
    public ChildProcess quarkusApp(String name, Path runJar, int heapMegabytes, Map<String, String> settings,
                                   Map<String, String> environment, List<Path> writable) {
        if (!containers) {
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + heapMegabytes + "m", "-XX:+UseSerialGC"));
            jvm.add(settingsFile(name, settings));
            return java(name, jvm, List.of("-jar", runJar.toString()), environment);
        }
        // The settings reach the image's java through the launcher's JDK_JAVA_OPTIONS and an argument file: kept off
        // podman's command line and out of the container's environment (the API token is one of them).
        List<String> jvm = new ArrayList<>(List.of(agentOption()));
        jvm.addAll(jit);
        settings.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        Path arguments = work.resolve("containers").resolve(name + ".args");
        Stack.write(arguments, String.join("\n", jvm.stream().map(AppLauncher::quoted).toList()) + "\n");
        Map<String, String> containerEnvironment = new LinkedHashMap<>(environment);
        containerEnvironment.put("JDK_JAVA_OPTIONS", "@" + arguments);
        // The work directory at the same path, read-only: settings name files in it (pure.json, the arrays' certificate).
        List<Container.Mount> mounts = new ArrayList<>();
        mounts.add(new Container.Mount(work.toString(), false));
        writable.forEach(dir -> mounts.add(new Container.Mount(dir.toAbsolutePath().toString(), true)));
        Container container = new Container("mooring-" + name + "-" + ProcessHandle.current().pid(), podman);
        // The image is the module's (<module>/target/quarkus-app/quarkus-run.jar), whichever instance this is.
        String module = runJar.toAbsolutePath().getParent().getParent().getParent().getFileName().toString();
        List<String> command = container.runCommand(Images.target(module).reference(), heapMegabytes * 4 / 3, mounts,
                containerEnvironment);
        return new ChildProcess(name, command, log(name), root, podman.environment(), container);
    }

    /**
     * The settings as {@code -D} options in a Java argument file only its owner may read, named on the command line as
     * {@code @file}: the API token and the Kafka credentials stay out of {@code ps} and of devstack's own log lines.
     */
    public String settingsFile(String name, Map<String, String> settings) {
        List<String> options = new ArrayList<>();
        settings.forEach((k, v) -> options.add(quoted("-D" + k + "=" + v)));
        Path file = work.resolve("processes").resolve(name + ".args");
        Stack.writePrivate(file, String.join("\n", options) + "\n");
        return "@" + file;
    }

    private Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** The agent, told devstack's pid: the JVM it is in exits when devstack is gone. */
    private String agentOption() {
        return "-javaagent:" + agentJar + "=" + ProcessHandle.current().pid();
    }

    /** One argument of a Java argument file, quoted (the file's syntax: backslash escapes inside quotes). */
    static String quoted(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The {@link ParentWatch} agent as a jar of its own (the class copied from devstack's classpath). */
    private static Path writeAgentJar(Path jar) throws IOException {
        String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
        Files.createDirectories(jar.getParent());
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not found on the classpath");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }
}
