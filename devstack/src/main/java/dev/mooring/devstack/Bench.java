package dev.mooring.devstack;

import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import org.apache.avro.specific.SpecificRecord;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * {@code mooring bench --volumes N --concurrency C [--poll-ms P] [--size S] [--keep]}: provisions N volumes
 * through the provisioner's REST API, C at a time, each timed from the request until its
 * {@code VolumeProvisioned} is on Kafka (read, not polled: polling would load the machine it measures); then makes the same N creations directly on the simulated arrays with flasharray-client
 * (the bare cost of the array calls) at the same concurrency; then attaches every REST volume to one of
 * eight nodes through attach-svc (request until {@code Attached}) beside the bare connects of the direct
 * volumes; reports throughput, p50/p95/p99 and the ratios; detaches and deletes what it made.
 */
final class Bench {

    private static final Duration VOLUME_DEADLINE = Duration.ofMinutes(5);

    /** What one run measured: per-volume latencies in ms, wall time, failures. */
    record Result(String label, int volumes, int concurrency, long wallMillis, double[] latenciesMillis, int failures) {
        double throughput() {
            return volumes * 1000.0 / wallMillis;
        }

        double percentile(double p) {
            double[] sorted = latenciesMillis.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        double max() {
            return Arrays.stream(latenciesMillis).max().orElse(Double.NaN);
        }
    }

    private Bench() {
    }

    static int run(Path root, List<String> args) throws InterruptedException {
        int volumes = 100;
        int concurrency = 8;
        int pollMillis = 10;
        String size = "1Gi";
        boolean keep = false;
        boolean compareKafkaSecurity = false;
        Map<String, Map<String, String>> settings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--volumes" -> volumes = Integer.parseInt(args.get(++i));
                case "--concurrency" -> concurrency = Integer.parseInt(args.get(++i));
                case "--poll-ms" -> pollMillis = Integer.parseInt(args.get(++i));
                case "--size" -> size = args.get(++i);
                case "--keep" -> keep = true;
                case "--kafka-security" -> {
                    String mode = args.get(++i);
                    if (!mode.equals("compare") && !mode.equals("secured")) {
                        System.err.println("--kafka-security takes compare (a plaintext broker first, as the baseline,"
                                + " then the secured one) or secured (the default)");
                        return 2;
                    }
                    compareKafkaSecurity = mode.equals("compare");
                }
                case "--set" -> {
                    // --set provisioner-svc:mp.messaging.incoming.volumes.partitions=4
                    String spec = args.get(++i);
                    int colon = spec.indexOf(':');
                    int eq = spec.indexOf('=', colon + 1);
                    if (colon <= 0 || eq <= colon + 1) {
                        System.err.println("--set takes <service>:<key>=<value>, e.g. provisioner-svc:mooring.arrays.max-concurrent-requests=16");
                        return 2;
                    }
                    settings.computeIfAbsent(spec.substring(0, colon), k -> new java.util.LinkedHashMap<>())
                            .put(spec.substring(colon + 1, eq), spec.substring(eq + 1));
                }
                default -> {
                    System.err.println("Unknown bench option " + a);
                    Main.usage();
                    return 2;
                }
            }
        }
        if (volumes < 1 || concurrency < 1 || pollMillis < 1) {
            System.err.println("--volumes, --concurrency and --poll-ms must be positive");
            return 2;
        }
        Stack.Options options = Stack.Options.defaults(root).withProductionJit();
        for (var e : settings.entrySet()) {
            options = options.serviceSettings(e.getKey(), e.getValue());
        }
        if (compareKafkaSecurity) {
            if (keep) {
                System.err.println("--keep and --kafka-security compare do not go together (two stacks, one after the other)");
                return 2;
            }
            return compareKafkaSecurity(options, volumes, concurrency, Duration.ofMillis(pollMillis), size);
        }
        Stack stack = Stack.start(options);
        try {
            stack.printTable(System.out);
            settings.forEach((service, values) -> System.out.println("Settings for " + service + ": " + values));
            run(stack, volumes, concurrency, Duration.ofMillis(pollMillis), size, System.out);
            if (keep) {
                System.out.println("--keep: the stack stays up. Press Ctrl-C to stop it.");
                Main.watchUntilStopped(stack);
            }
            return 0;
        } catch (RuntimeException e) {
            return failed(stack, e);
        } finally {
            stack.close();
        }
    }

    private static int failed(Stack stack, RuntimeException e) {
        System.out.println("The benchmark failed: " + e.getMessage());
        System.out.println("Logs: " + stack.logDirectory());
        return 1;
    }

    /**
     * The cost of the secured event bus: the same benchmark on a stack whose broker is plaintext (the baseline) and then
     * on one secured as always (TLS + SCRAM-SHA-512 + ACLs), one after the other in this run; REST provisioning compared.
     */
    private static int compareKafkaSecurity(Stack.Options options, int volumes, int concurrency, Duration poll, String size)
            throws InterruptedException {
        List<Result> results = new ArrayList<>();
        for (Stack.Options variant : List.of(options.withPlaintextKafka(), options)) {
            Stack stack = Stack.start(variant);
            try {
                stack.printTable(System.out);
                results.add(run(stack, volumes, concurrency, poll, size, System.out).get(0));
            } catch (RuntimeException e) {
                return failed(stack, e);
            } finally {
                stack.close();
            }
        }
        Result plain = results.get(0);
        Result secured = results.get(1);
        System.out.printf("%nKafka security, REST provisioning: plaintext p50 %.1f ms p95 %.1f ms %.1f volumes/s;"
                        + " TLS + SCRAM p50 %.1f ms p95 %.1f ms %.1f volumes/s (p50 %+.1f ms, throughput %.2fx)%n",
                plain.percentile(50), plain.percentile(95), plain.throughput(), secured.percentile(50),
                secured.percentile(95), secured.throughput(), secured.percentile(50) - plain.percentile(50),
                secured.throughput() / plain.throughput());
        return 0;
    }

    /** Both measurements on a running stack, printed to {@code out}; returns [rest, direct]. */
    static List<Result> run(Stack stack, int volumes, int concurrency, Duration poll, String size, PrintStream out)
            throws InterruptedException {
        MooringApi api = new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken());
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        long sizeBytes = sizeInBytes(size);
        out.printf("Benchmark: %d volumes of %s, %d at a time; REST latency = POST until its outcome event"
                + " (VolumeProvisioned, committed with state Ready) is on Kafka%n", volumes, size, concurrency);

        api.awaitArraysRegistered(Duration.ofMinutes(1));
        try (OutcomeWatch provisioned = new OutcomeWatch(stack.kafkaClientSettings(), "mooring.volumes", Bench::volumeOutcome);
             OutcomeWatch attached = new OutcomeWatch(stack.kafkaClientSettings(), "mooring.attachments", AttachBench::outcome)) {
            return run(stack, api, provisioned, attached, volumes, concurrency, poll, size, sizeBytes, run, out);
        }
    }

    private static List<Result> run(Stack stack, MooringApi api, OutcomeWatch provisioned, OutcomeWatch attached,
                                    int volumes, int concurrency, Duration poll, String size, long sizeBytes,
                                    String run, PrintStream out) throws InterruptedException {
        // Warm-up, not measured: the first calls pay for class loading and JIT in every JVM.
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < Math.min(concurrency, 8); i++) {
            warm.add(provisionOne(api, provisioned, "warm-" + run + "-" + i, size).id);
        }

        ConcurrentLinkedQueue<String> made = new ConcurrentLinkedQueue<>();
        Result rest = measure("REST (provisioner-svc, Kafka, PostgreSQL, array)", volumes, concurrency, i -> {
            Provisioned p = provisionOne(api, provisioned, "bench-" + run + "-" + i, size);
            made.add(p.id);
        });
        print(out, rest);

        Result direct;
        List<String> arrayNames;
        ConcurrentLinkedQueue<String[]> direct_made = new ConcurrentLinkedQueue<>();
        try (SimulatedArrays arrays = SimulatedArrays.connect(stack, concurrency)) {
            arrayNames = arrays.names();
            // Warm-up of the direct path too.
            for (int i = 0; i < Math.min(concurrency, 8); i++) {
                String array = arrayNames.get(i % arrayNames.size());
                arrays.create(array, "warm-direct-" + run + "-" + i, sizeBytes);
                direct_made.add(new String[]{array, "warm-direct-" + run + "-" + i});
            }
            direct = measure("direct (flasharray-client to the simulator)", volumes, concurrency, i -> {
                String array = arrayNames.get(i % arrayNames.size());
                String name = "bench-direct-" + run + "-" + i;
                arrays.create(array, name, sizeBytes);
                direct_made.add(new String[]{array, name});
            });
            print(out, direct);
            ratio(out, rest, direct);

            List<String> restVolumes = new ArrayList<>(made);
            List<String[]> directVolumes = new ArrayList<>(direct_made).subList(0, volumes >= 1 ? Math.min(volumes,
                    direct_made.size()) : 0);
            AttachBench attach = new AttachBench(stack, arrays, attached, run, poll);
            attach.registerNodes();
            Result restAttach = measure("REST attach (attach-svc, Kafka, PostgreSQL, host + connection on the array)",
                    restVolumes.size(), concurrency, i -> attach.attachOverRest(restVolumes.get(i), i));
            print(out, restAttach);
            Result directAttach = measure("direct attach (flasharray-client: connect the volume to the node's host)",
                    directVolumes.size(), concurrency, i -> attach.connectDirectly(directVolumes.get(i), i));
            print(out, directAttach);
            ratio(out, restAttach, directAttach);
            out.printf("%nDetaching %d attachments through the REST API and %d direct connections...%n",
                    attach.restAttachments().size(), directVolumes.size());
            parallel(attach.restAttachments().size(), concurrency, i -> attach.detachOverRest(i));
            parallel(directVolumes.size(), concurrency, i -> attach.disconnectDirectly(directVolumes.get(i), i));
            attach.removeDirectHosts();

            out.printf("%nCleaning up: deleting %d volumes through the REST API and %d made directly...%n",
                    made.size() + warm.size(), direct_made.size());
            List<String> toDelete = new ArrayList<>(made);
            toDelete.addAll(warm);
            parallel(toDelete.size(), concurrency, i -> {
                String id = toDelete.get(i);
                Http.Answer a = api.deleteVolume(id);
                if (a.status() != 202) {
                    throw new IllegalStateException("DELETE " + id + " answered " + a.status() + ": " + a.body());
                }
                api.awaitState(id, Set.of("Deleted"), VOLUME_DEADLINE, Duration.ofMillis(Math.max(50, poll.toMillis())));
            });
            List<String[]> directList = new ArrayList<>(direct_made);
            parallel(directList.size(), concurrency, i -> arrays.destroyAndEradicate(directList.get(i)[0], directList.get(i)[1]));
        }
        out.println("Cleaned up.");
        return List.of(rest, direct);
    }

    private static void ratio(PrintStream out, Result rest, Result direct) {
        out.printf("%nRatio REST / direct: throughput %.2fx lower, p50 latency %.1fx, p99 latency %.1fx%n",
                direct.throughput() / rest.throughput(), rest.percentile(50) / direct.percentile(50),
                rest.percentile(99) / direct.percentile(99));
    }

    private record Provisioned(String id, long millis) {
    }

    private static Provisioned provisionOne(MooringApi api, OutcomeWatch outcomes, String name, String size) {
        long start = System.nanoTime();
        Http.Answer answer = api.requestVolume(name, size, Map.of("backend", "pure_block"));
        if (answer.status() != 202) {
            throw new IllegalStateException("POST " + name + " answered " + answer.status() + ": " + answer.body());
        }
        String id = answer.json().path("id").asText();
        SpecificRecord outcome = outcomes.outcome(id).orTimeout(VOLUME_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).join();
        if (outcome instanceof VolumeProvisioningFailed failed) {
            throw new IllegalStateException("Volume " + name + " failed: " + failed.getFailure().getMessage());
        }
        return new Provisioned(id, (System.nanoTime() - start) / 1_000_000);
    }

    /** The volume a provisioning outcome settles. */
    private static String volumeOutcome(SpecificRecord event) {
        if (event instanceof VolumeProvisioned p) {
            return p.getVolumeId();
        }
        return event instanceof VolumeProvisioningFailed f ? f.getVolumeId() : null;
    }

    /** Runs {@code task(i)} for i in [0, n) on {@code concurrency} threads, timing each call. */
    private static Result measure(String label, int n, int concurrency, IntConsumer task) throws InterruptedException {
        double[] latencies = new double[n];
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        parallel(n, concurrency, i -> {
            long t0 = System.nanoTime();
            try {
                task.accept(i);
                latencies[i] = (System.nanoTime() - t0) / 1e6;
            } catch (RuntimeException e) {
                latencies[i] = Double.NaN;
                if (failures.incrementAndGet() <= 3) {
                    System.out.println("  failure: " + e.getMessage());
                }
            }
        });
        long wall = (System.nanoTime() - start) / 1_000_000;
        double[] ok = Arrays.stream(latencies).filter(d -> !Double.isNaN(d)).toArray();
        return new Result(label, n, concurrency, Math.max(1, wall), ok, failures.get());
    }

    private static void parallel(int n, int concurrency, IntConsumer task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        task.accept(i);
                    }
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get(30, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("A benchmark worker did not finish in 30 minutes", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void print(PrintStream out, Result r) {
        out.printf("%n%s%n", r.label());
        out.printf("  %d volumes, concurrency %d, %d failed, wall %.2f s%n", r.volumes(), r.concurrency(), r.failures(),
                r.wallMillis() / 1000.0);
        out.printf("  throughput %.1f volumes/s%n", r.throughput());
        out.printf("  latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", r.percentile(50), r.percentile(95),
                r.percentile(99), r.max());
    }

    static long sizeInBytes(String size) {
        String s = size.trim();
        long unit = 1;
        if (s.endsWith("Gi")) {
            unit = 1L << 30;
        } else if (s.endsWith("Mi")) {
            unit = 1L << 20;
        } else if (s.endsWith("Ti")) {
            unit = 1L << 40;
        }
        String number = unit == 1 ? s : s.substring(0, s.length() - 2);
        return Long.parseLong(number) * unit;
    }
}
