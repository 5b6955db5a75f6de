package dev.mooring.devstack;

import dev.mooring.events.Topic;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.PoolOnline;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mooring bench-takeover [--drives 1,10,50] [--lease-nodes 10000] [--renew-every 10] [--cpu-window 60]}:
 * the figures of issue 6 on a stack with short timers (grace 2 s, takeover 5 s after the last heartbeat):
 * <ol>
 *   <li>for a storage node with 1, 10 and 50 drives: from its takeover deadline to {@code NodeTakeoverCompleted},
 *       and each phase on the way (decided, fenced, drives moved, identity transferred);</li>
 *   <li>for a node with 10 drives back before its deadline: from its first renewed heartbeat to
 *       {@code NodeConnectionsVerified} (every connection checked on the arrays);</li>
 *   <li>the CPU health-svc uses while following N Leases renewed every R seconds (from {@code /proc}).</li>
 * </ol>
 */
final class TakeoverBench {

    private static final Duration STEP = Duration.ofMinutes(3);
    private static final java.time.format.DateTimeFormatter MICRO_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");

    private TakeoverBench() {
    }

    static int run(Path root, List<String> args) throws Exception {
        List<Integer> driveCounts = List.of(1, 10, 50);
        int leaseNodes = 10_000;
        int renewEverySeconds = 10;
        int cpuWindowSeconds = 60;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--drives" -> driveCounts = java.util.Arrays.stream(args.get(++i).split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--lease-nodes" -> leaseNodes = Integer.parseInt(args.get(++i));
                case "--renew-every" -> renewEverySeconds = Integer.parseInt(args.get(++i));
                case "--cpu-window" -> cpuWindowSeconds = Integer.parseInt(args.get(++i));
                default -> {
                    System.err.println("Unknown bench-takeover option " + args.get(i));
                    Main.usage();
                    return 2;
                }
            }
        }
        Stack stack = Stack.start(Stack.Options.defaults(root).withProductionJit()
                .serviceSettings("health-svc", Map.of(
                        "mooring.health.grace-period", "PT2S",
                        "mooring.health.takeover-after", "PT5S"))
                .serviceSettings("provisioner-svc", Map.of(
                        "mooring.storage.max-storage-nodes-per-zone", "1",
                        "mooring.storage.max-drives-per-node", "64",
                        "mooring.storage.drive-specs", "size=1")));
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build();
             ClusterNodes nodes = new ClusterNodes(kubernetes, Duration.ofSeconds(1));
             EventLog events = new EventLog(stack.kafkaClientSettings(), Topic.NODES.topicName(), Topic.POOLS.topicName())) {
            stack.printTable(System.out);
            new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken()).awaitArraysRegistered(STEP);
            PrintStream out = System.out;
            out.println();
            out.println("Takeover: storage node's Lease stops; times from its takeover deadline (last heartbeat + 5 s)");
            out.printf("%7s %10s %10s %10s %10s %12s%n", "drives", "decided", "fenced", "moved", "identity", "completed");
            for (int drives : driveCounts) {
                takeover(kubernetes, nodes, events, drives, out);
            }
            recovery(kubernetes, nodes, events, 10, out);
        } catch (RuntimeException | AssertionError e) {
            System.out.println("The benchmark failed: " + e.getMessage());
            System.out.println("Logs: " + stack.logDirectory());
            return 1;
        } finally {
            stack.close();
        }
        // Following heartbeats is measured on a fresh stack with the real timers (grace 40 s): the short bench
        // timers above would turn every slow renewal into an Offline transition and measure those instead.
        stack = Stack.start(Stack.Options.defaults(root).withProductionJit());
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build()) {
            new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken()).awaitArraysRegistered(STEP);
            leaseCpu(stack, kubernetes, leaseNodes, renewEverySeconds, cpuWindowSeconds, System.out);
            agentCpu(stack, leaseNodes, renewEverySeconds, cpuWindowSeconds, System.out);
            return 0;
        } catch (RuntimeException | AssertionError e) {
            System.out.println("The benchmark failed: " + e.getMessage());
            System.out.println("Logs: " + stack.logDirectory());
            return 1;
        } finally {
            stack.close();
        }
    }

    /** The next storage node gets {@code drives} drives of 1 GiB: the provisioner follows its ConfigMap. */
    private static void driveCount(KubernetesClient kubernetes, int drives) {
        String specs = String.join(",", Collections.nCopies(drives, "size=1"));
        kubernetes.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("mooring-storage").withNamespace("default").endMetadata()
                .withData(Map.of("driveSpecs", specs, "maxStorageNodesPerZone", "1", "maxDrivesPerNode", "64"))
                .build()).createOr(existing -> existing.update());
    }

    private static void takeover(KubernetesClient kubernetes, ClusterNodes nodes, EventLog events, int drives,
                                 PrintStream out) {
        String zone = "bench-" + drives;
        String failed = zone + "-storage";
        String spare = zone + "-spare";
        driveCount(kubernetes, drives);
        storageAndSpare(kubernetes, nodes, events, zone, failed, spare, drives);

        nodes.stop(failed);
        NodeTakeoverDecided decided = events.await(NodeTakeoverDecided.class, d -> d.getFailedNode().equals(failed), STEP);
        NodeTakeoverCompleted completed = events.await(NodeTakeoverCompleted.class,
                c -> c.getFailedNode().equals(failed), STEP);
        Instant deadline = decided.getDeadlineAt();
        Instant fenced = events.await(NodeFenced.class, f -> f.getFailedNode().equals(failed), STEP).getEnvelope().getOccurredAt();
        Instant moved = events.await(DrivesMoved.class, m -> m.getFailedNode().equals(failed), STEP).getEnvelope().getOccurredAt();
        Instant identity = events.await(NodeIdentityTransferred.class, t -> t.getFailedNode().equals(failed), STEP)
                .getEnvelope().getOccurredAt();
        out.printf("%7d %10s %10s %10s %10s %12s%n", drives, since(deadline, decided.getEnvelope().getOccurredAt()),
                since(deadline, fenced), since(deadline, moved), since(deadline, identity),
                since(deadline, completed.getEnvelope().getOccurredAt()));
    }

    private static void storageAndSpare(KubernetesClient kubernetes, ClusterNodes nodes, EventLog events, String zone,
                                        String storage, String spare, int drives) {
        nodes.add(storage, "region-1", zone);
        PoolOnline online = events.await(PoolOnline.class, p -> p.getNodeName().equals(storage), STEP);
        if (online.getDrives().size() != drives) {
            throw new IllegalStateException(storage + " came online with " + online.getDrives().size() + " drives, not "
                    + drives + ": the provisioner did not follow the mooring-storage ConfigMap");
        }
        nodes.add(spare, "region-1", zone);
        events.await(NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(spare), STEP);
    }

    private static void recovery(KubernetesClient kubernetes, ClusterNodes nodes, EventLog events, int drives,
                                 PrintStream out) {
        String zone = "bench-recovery";
        String node = zone + "-storage";
        driveCount(kubernetes, drives);
        storageAndSpare(kubernetes, nodes, events, zone, node, zone + "-spare", drives);
        nodes.stop(node);
        events.await(NodeOffline.class, o -> o.getNodeName().equals(node), STEP);
        Instant back = Instant.now();
        nodes.resume(node);
        NodeRecovered recovered = events.await(NodeRecovered.class, r -> r.getNodeName().equals(node), STEP);
        NodeConnectionsVerified verified = events.await(NodeConnectionsVerified.class, v -> v.getNodeName().equals(node), STEP);
        out.println();
        out.printf("Recovery of a node with %d drives, from its renewed Lease: NodeRecovered %s, all %d connections"
                        + " verified on the arrays (NodeConnectionsVerified) %s%n", drives,
                since(back, recovered.getEnvelope().getOccurredAt()), verified.getResults().size(),
                since(back, verified.getEnvelope().getOccurredAt()));
    }

    /** Creates {@code count} Leases, renews each every {@code renewEvery} s, and reads health-svc's CPU time. */
    private static void leaseCpu(Stack stack, KubernetesClient kubernetes, int count, int renewEverySeconds,
                                 int windowSeconds, PrintStream out) throws Exception {
        long pid = stack.processOf("health-svc").pid();
        out.println();
        double idle = cpuShare(pid, 10);
        out.printf("health-svc CPU with no load: %.1f %% of one core%n", idle);
        out.printf("Following %d nodes renewing every %d s: creating their Leases...%n", count, renewEverySeconds);
        ExecutorService kubelets = Executors.newFixedThreadPool(32);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("load-%05d", i));
        }
        long created = System.nanoTime();
        List<java.util.concurrent.Future<?>> creations = new ArrayList<>();
        for (String name : names) {
            creations.add(kubelets.submit(() -> kubernetes.leases().inNamespace(ClusterNodes.LEASE_NAMESPACE)
                    .resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(ClusterNodes.LEASE_NAMESPACE)
                            .endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                            .withRenewTime(now()).endSpec().build()).createOr(existing -> existing.update())));
        }
        for (var creation : creations) {
            creation.get();
        }
        out.printf("  %d Leases created in %.1f s%n", count, (System.nanoTime() - created) / 1e9);
        AtomicLong renewals = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = renewEverySeconds * 1_000_000L / count;
        int[] next = {0};
        scheduler.scheduleAtFixedRate(() -> {
            String name = names.get(next[0]++ % names.size());
            kubelets.submit(() -> {
                try {
                    // One round trip, as a kubelet's renewal is: a merge patch of spec.renewTime.
                    kubernetes.leases().inNamespace(ClusterNodes.LEASE_NAMESPACE).withName(name)
                            .patch(PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"spec\":{\"renewTime\":\"" + MICRO_TIME.format(now()) + "\"}}");
                    renewals.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
        }, 0, Math.max(1, periodMicros), TimeUnit.MICROSECONDS);
        try {
            // Warm-up: one full renewal round (every node seen renewing once) before measuring.
            Thread.sleep(renewEverySeconds * 1000L);
            long renewedBefore = renewals.get();
            long start = System.nanoTime();
            double busy = cpuShare(pid, windowSeconds);
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = (renewals.get() - renewedBefore) / seconds;
            out.printf("health-svc CPU while following %d nodes: %.1f %% of one core over %d s, at %.0f Lease"
                    + " renewals/s achieved (target %.0f/s, %d failed)%n", count, busy, windowSeconds, rate,
                    count / (double) renewEverySeconds, failures.get());
            out.printf("  the same per 1,000 renewals/s, above idle: %.1f %% of one core; load nodes not Online: %d%n",
                    rate > 0 ? (busy - idle) * 1000 / rate : Double.NaN, notOnline(stack, "load-"));
        } finally {
            scheduler.shutdownNow();
            kubelets.shutdownNow();
        }
    }

    /** The same following, from node agents: {@code POST /api/v1/nodes/{name}/heartbeat} at the full rate. */
    private static void agentCpu(Stack stack, int count, int everySeconds, int windowSeconds, PrintStream out)
            throws Exception {
        MooringApi health = new MooringApi(stack.service("health-svc").baseUrl(), stack.apiToken());
        long pid = stack.processOf("health-svc").pid();
        ExecutorService agents = Executors.newFixedThreadPool(16);
        AtomicLong beats = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        int[] next = {0};
        scheduler.scheduleAtFixedRate(() -> {
            String name = String.format("agent-%05d", next[0]++ % count);
            agents.submit(() -> {
                try {
                    int status = health.call("POST", "/api/v1/nodes/" + name + "/heartbeat", "{}").status();
                    (status / 100 == 2 ? beats : failures).incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
        }, 0, Math.max(1, everySeconds * 1_000_000L / count), TimeUnit.MICROSECONDS);
        try {
            Thread.sleep(everySeconds * 2000L);
            long before = beats.get();
            long start = System.nanoTime();
            double busy = cpuShare(pid, windowSeconds);
            double rate = (beats.get() - before) / ((System.nanoTime() - start) / 1e9);
            out.printf("health-svc CPU while %d node agents POST a heartbeat every %d s: %.1f %% of one core, at %.0f"
                    + " heartbeats/s achieved (target %.0f/s, %d failed); agent nodes not Online: %d%n", count,
                    everySeconds, busy, rate, count / (double) everySeconds, failures.get(), notOnline(stack, "agent-"));
        } finally {
            scheduler.shutdownNow();
            agents.shutdownNow();
        }
    }

    /** How many nodes whose name starts with {@code prefix} health-svc does not hold Online. */
    private static long notOnline(Stack stack, String prefix) {
        var nodes = new MooringApi(stack.service("health-svc").baseUrl(), stack.apiToken())
                .call("GET", "/api/v1/nodes", null).json();
        long count = 0;
        for (var node : nodes.has("nodes") ? nodes.path("nodes") : nodes) {
            if (node.path("name").asText().startsWith(prefix) && !"Online".equals(node.path("state").asText())) {
                count++;
            }
        }
        return count;
    }

    /** The share of one core {@code pid} used over the next {@code seconds}, in percent. */
    private static double cpuShare(long pid, int seconds) throws IOException, InterruptedException {
        long before = cpuTicks(pid);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return 100 * (cpuTicks(pid) - before) / 100.0 / elapsed;
    }

    /** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String since(Instant from, Instant to) {
        return String.format("%.2f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }
}
