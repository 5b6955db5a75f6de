package dev.mooring.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mooring bench-images [--processes] [--runs N] [--idle S] [--rebuild-base]}: the images' figures. Builds the
 * images (timing the base when it is built, and each image), starts the stack from them, then restarts the simulator
 * and each service in turn, N times, timing each from the start of {@code podman run} to its first {@code 200} on
 * {@code /q/health/live} and on {@code /q/health/ready}; after S seconds of idling, reads each JVM's resident memory.
 * With {@code --processes}, the same figures for the services run as plain JVM processes, for comparison.
 */
final class ImageBench {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    /** USER_HZ: the unit of /proc's CPU times, 100 on Linux. */
    private static final long CLOCK_TICKS = 100;

    private ImageBench() {
    }

    /**
     * One application's figures: start times per run; the CPU time its JVM had used when it answered live (a figure
     * that depends far less on what else the machine is doing than the wall time); memory after idling.
     */
    record Figures(String name, List<Duration> live, List<Duration> ready, List<Duration> cpuToLive, long rssKb, long pssKb) {
    }

    static int run(Path root, List<String> args) throws InterruptedException {
        boolean processes = false;
        boolean rebuildBase = false;
        int runs = 3;
        int idleSeconds = 60;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--processes" -> processes = true;
                case "--rebuild-base" -> rebuildBase = true;
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--idle" -> idleSeconds = Integer.parseInt(args.get(++i));
                default -> {
                    System.err.println("bench-images: unknown option " + args.get(i));
                    Main.usage();
                    return 2;
                }
            }
        }
        PrintStream out = System.out;
        out.println("bench-images: load average before: " + loadAverage());
        Images.Result built = processes ? null : new Images(root).buildAll(rebuildBase, out);
        Stack.Options options = Stack.Options.defaults(root).withProductionJit()
                .work(root.resolve("devstack/target/bench-images"))
                .anyFreePorts()
                .databaseSuffix("_bench_images");
        try (Stack stack = Stack.start(processes ? options : options.inContainers())) {
            List<String> names = new ArrayList<>();
            // The simulator first: it makes a new certificate at each start, which the services read at theirs.
            names.add("flasharray-sim");
            stack.services().forEach(s -> names.add(s.spec().name()));
            Map<String, List<Duration>> live = new LinkedHashMap<>();
            Map<String, List<Duration>> ready = new LinkedHashMap<>();
            Map<String, List<Duration>> cpu = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (String name : names) {
                    Duration[] times = restart(stack, name);
                    live.computeIfAbsent(name, n -> new ArrayList<>()).add(times[0]);
                    ready.computeIfAbsent(name, n -> new ArrayList<>()).add(times[1]);
                    cpu.computeIfAbsent(name, n -> new ArrayList<>()).add(times[2]);
                    out.printf("  run %d  %-16s live %5.2f s (CPU %5.2f s)  ready %5.2f s  load %s%n", run, name,
                            seconds(times[0]), seconds(times[2]), seconds(times[1]), loadAverage().split(" ")[0]);
                }
            }
            out.printf("bench-images: idling %d s before reading memory%n", idleSeconds);
            Thread.sleep(idleSeconds * 1000L);
            List<Figures> figures = new ArrayList<>();
            for (String name : names) {
                long pid = stack.processOf(name).pid();
                figures.add(new Figures(name, live.get(name), ready.get(name), cpu.get(name), memoryKb(pid, "Rss:"),
                        memoryKb(pid, "Pss:")));
            }
            print(out, processes, built, figures, runs, idleSeconds);
        }
        out.println("bench-images: load average after: " + loadAverage());
        return 0;
    }

    /** Stops one application, starts it again, and times its first live and ready answers from the start. */
    private static Duration[] restart(Stack stack, String name) throws InterruptedException {
        ChildProcess process = stack.processOf(name);
        String base = name.equals("flasharray-sim") ? stack.simulatorHealthUrl() : stack.service(name).baseUrl();
        process.stop(STOP_GRACE);
        long start = System.nanoTime();
        process.start();
        Duration live = awaitUp(process, base + "/q/health/live", start);
        Duration cpu = cpuTime(process.pid());
        Duration ready = awaitUp(process, base + "/q/health/ready", start);
        return new Duration[] {live, ready, cpu};
    }

    /** User and system time of a process so far, from {@code /proc/<pid>/stat}. */
    private static Duration cpuTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
            // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CPU time of pid " + pid + ": " + e.getMessage(), e);
        }
    }

    private static Duration awaitUp(ChildProcess process, String url, long start) throws InterruptedException {
        while (!Http.ready(url)) {
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited while starting:\n" + process.tail(20));
            }
            if (System.nanoTime() - start > START_LIMIT.toNanos()) {
                throw new IllegalStateException(process.name() + " did not answer " + url + " within " + START_LIMIT);
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void print(PrintStream out, boolean processes, Images.Result built, List<Figures> figures, int runs,
                              int idleSeconds) {
        out.println();
        out.printf("%s; %d runs each; memory after %d s idle%n", processes ? "As JVM processes (java -jar quarkus-run.jar)"
                : "From their images (podman run --network host)", runs, idleSeconds);
        out.printf("  %-16s  %9s  %7s  %-23s  %-23s  %-23s  %8s  %8s%n", "application", "image", "build",
                "live min/median/max", "CPU to live", "ready min/median/max", "RSS", "PSS");
        for (Figures f : figures) {
            String size = "-";
            String build = "-";
            if (built != null) {
                Images.Built image = built.images().stream().filter(b -> b.target().name().equals(f.name())).findFirst().orElseThrow();
                size = Images.megabytes(image.size());
                build = Images.seconds(image.took());
            }
            out.printf("  %-16s  %9s  %7s  %-23s  %-23s  %-23s  %5d MB  %5d MB%n", f.name(), size, build, spread(f.live()),
                    spread(f.cpuToLive()), spread(f.ready()), f.rssKb() / 1024, f.pssKb() / 1024);
        }
        if (built != null) {
            for (BaseImage.Outcome base : built.bases().values().stream().filter(BaseImage.Outcome::built).toList()) {
                out.printf("  base %s built in %s: %s%n", base.reference(), Images.seconds(base.total()),
                        base.steps().entrySet().stream().map(e -> e.getKey() + " " + Images.seconds(e.getValue())).toList());
            }
        }
        out.println();
    }

    private static String spread(List<Duration> times) {
        List<Double> sorted = times.stream().map(ImageBench::seconds).sorted().toList();
        return String.format("%.2f / %.2f / %.2f s", sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** A line of {@code /proc/<pid>/smaps_rollup}, in kB. */
    private static long memoryKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), StandardCharsets.UTF_8)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
            throw new IllegalStateException("No " + field + " in /proc/" + pid + "/smaps_rollup");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the memory of pid " + pid + ": " + e.getMessage(), e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
