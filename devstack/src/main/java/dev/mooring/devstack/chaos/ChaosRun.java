package dev.mooring.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.devstack.ClusterNodes;
import dev.mooring.devstack.EventLog;
import dev.mooring.devstack.Http;
import dev.mooring.devstack.MooringApi;
import dev.mooring.devstack.SimulatorAdminClient;
import dev.mooring.devstack.Stack;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.PoolOnline;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos run: a burst of volume requests, with attaches and detaches, through every instance of the services,
 * while each instance, the Kafka broker and the stack's own PostgreSQL are killed with SIGKILL one after another and
 * started again, the simulated arrays fail a tenth of the requests (5xx before and after doing the work, 429 with
 * Retry-After), answer one in a hundred too late (the operation done) and end every session now and then, and three
 * storage nodes fall silent around their takeover deadline. Then {@link ChaosAudit} compares what was asked with what
 * the services, Kafka and the arrays hold.
 */
public final class ChaosRun {

    /** How much to do; {@link #defaults()} is what the issue asks for and the system test runs. */
    public record Plan(int volumes, int workers, int attachEvery, Duration killedFor, Duration betweenKills) {
        public static Plan defaults() {
            return new Plan(1_000, 16, 4, Duration.ofSeconds(2), Duration.ofSeconds(3));
        }

        public Plan volumes(int n) {
            return new Plan(n, workers, attachEvery, killedFor, betweenKills);
        }
    }

    /** Short timers: a node is Offline 2 s after its last heartbeat and taken over 8 s after it. */
    static final Duration TAKEOVER_AFTER = Duration.ofSeconds(8);
    static final int ATTACH_NODES = 8;
    private static final Duration REST_PATIENCE = Duration.ofMinutes(3);
    private static final Duration VOLUME_DEADLINE = Duration.ofMinutes(10);
    private static final Duration WORKLOAD_DEADLINE = Duration.ofMinutes(25);
    private static final Duration POLL = Duration.ofMillis(300);

    /** The faults the simulated arrays inject, by what the summary calls them: about 10 % errors and 1 % timeouts. */
    static final Map<String, String> FAULTS = faults();

    private static Map<String, String> faults() {
        Map<String, String> faults = new LinkedHashMap<>();
        faults.put("503 before the operation", "{\"status\":503,\"rate\":0.04,\"seed\":11,\"message\":\"chaos: array busy\"}");
        faults.put("500 after the operation", "{\"status\":500,\"rate\":0.02,\"phase\":\"after\",\"seed\":12}");
        faults.put("429 with Retry-After", "{\"status\":429,\"rate\":0.04,\"seed\":13}");
        faults.put("timeout (answered after 5 s, operation done)", "{\"latencyMs\":5000,\"rate\":0.01,\"phase\":\"after\",\"seed\":14}");
        return faults;
    }

    /** The stack the run needs: two instances of every service, its own PostgreSQL, short timers. */
    public static Stack.Options shape(Stack.Options options) {
        return options.instances(2).ownPostgres()
                // A timed-out array request (the 1 % that answer after 5 s) is given up after 3 s, then retried.
                .serviceSettings(Stack.Options.ALL_SERVICES, Map.of("mooring.arrays.request-timeout", "3s"))
                .serviceSettings("health-svc", Map.of("mooring.health.grace-period", "PT2S",
                        "mooring.health.takeover-after", "PT" + TAKEOVER_AFTER.toSeconds() + "S"))
                .serviceSettings("provisioner-svc", Map.of("mooring.storage.max-storage-nodes-per-zone", "1",
                        "mooring.storage.drive-specs", "size=10,size=10"));
    }

    private final Stack stack;
    private final Plan plan;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Replicas provisioner;
    private final Replicas attach;
    private final SimulatorAdminClient simulator;
    private final Map<String, String> volumeIds = new ConcurrentHashMap<>();
    private final List<String> attachmentIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger attachFailed = new AtomicInteger();
    private final AtomicInteger detached = new AtomicInteger();
    private final AtomicInteger sessionExpiries = new AtomicInteger();
    private final List<String> details = new CopyOnWriteArrayList<>();

    private ChaosRun(Stack stack, Plan plan, PrintStream out) {
        this.stack = stack;
        this.plan = plan;
        this.out = out;
        this.provisioner = new Replicas(stack, "provisioner-svc", REST_PATIENCE);
        this.attach = new Replicas(stack, "attach-svc", REST_PATIENCE);
        this.simulator = stack.simulatorAdmin();
    }

    /** Runs the plan on a started stack in the {@link #shape}; the stack stays up for the caller's log scan. */
    public static ChaosReport run(Stack stack, Plan plan, PrintStream out) {
        return new ChaosRun(stack, plan, out).run();
    }

    private ChaosReport run() {
        Instant began = Instant.now();
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build();
             ClusterNodes nodes = new ClusterNodes(kubernetes, Duration.ofMillis(500));
             EventLog nodeEvents = new EventLog(stack.kafkaClientSettings(), Topic.NODES.topicName(), Topic.POOLS.topicName())) {
            registerAttachNodes();
            List<String> flapping = prepareFlappingNodes(nodes, nodeEvents);
            Map<String, String> faultIds = injectFaults();
            AtomicBoolean chaosOn = new AtomicBoolean(true);
            CompletableFuture<Void> expiries = CompletableFuture.runAsync(() -> expireSessionsWhile(chaosOn));
            say("chaos: run %s: %d volume requests by %d workers; faults, kills and flaps begin", run, plan.volumes(),
                    plan.workers());

            Instant workloadBegan = Instant.now();
            ExecutorService workers = Executors.newFixedThreadPool(plan.workers());
            for (int i = 0; i < plan.volumes(); i++) {
                int index = i;
                workers.submit(() -> volume(index));
            }
            workers.shutdown();
            CompletableFuture<List<ChaosReport.Kill>> kills = CompletableFuture.supplyAsync(this::killEachInTurn);
            CompletableFuture<List<ChaosReport.Flap>> flaps = CompletableFuture.supplyAsync(
                    () -> flapAroundTheDeadline(nodes, nodeEvents, flapping));
            awaitTermination(workers);
            Duration workload = Duration.between(workloadBegan, Instant.now());
            List<ChaosReport.Kill> killed = kills.join();
            List<ChaosReport.Flap> flapped = flaps.join();

            chaosOn.set(false);
            expiries.join();
            simulator.clearFaults();
            Map<String, Long> fired = firedByKind(faultIds);
            say("chaos: the workload took %.0f s; faults off, settling and auditing", workload.toMillis() / 1000.0);
            return new ChaosAudit(stack, run, provisioner, attach, details).audit(plan.volumes(), volumeIds, attachmentIds, attachFailed.get(),
                    detached.get(), fired, sessionExpiries.get(), killed, flapped, workload,
                    Duration.between(began, Instant.now()));
        }
    }

    // ------------------------------------------------------------------------------------------- workload

    /** One request: the volume until it is final, then (every {@code attachEvery}th) an attach and half of them detached. */
    private void volume(int index) {
        String name = "chaos-" + run + "-v" + String.format("%04d", index);
        try {
            Http.Answer answer = provisioner.call("POST", "/api/v1/volumes",
                    "{\"name\":\"" + name + "\",\"size\":\"1Gi\",\"parameters\":{\"backend\":\"pure_block\"}}");
            if (answer.status() != 200 && answer.status() != 202) {
                details.add(name + ": request answered " + answer.status() + " " + answer.body());
                return;
            }
            String id = answer.json().path("id").asText();
            volumeIds.put(name, id);
            JsonNode volume = awaitState(provisioner, "/api/v1/volumes/" + id, Set.of("Ready", "Failed"), VOLUME_DEADLINE);
            if (volume != null && volume.path("state").asText().equals("Ready") && index % plan.attachEvery() == 0) {
                attachAndDetach(id, index);
            }
        } catch (RuntimeException e) {
            details.add(name + ": " + e.getMessage());
        }
    }

    private void attachAndDetach(String volumeId, int index) {
        String node = attachNode(index / plan.attachEvery() % ATTACH_NODES);
        String body = "{\"volumeId\":\"" + volumeId + "\",\"nodeName\":\"" + node + "\"}";
        Instant giveUp = Instant.now().plus(REST_PATIENCE);
        Http.Answer answer = attach.call("POST", "/api/v1/attachments", body);
        // 404 until attach-svc has heard of the volume from the provisioner (a Kafka hop, slower while one is killed).
        while (answer.status() == 404 && Instant.now().isBefore(giveUp)) {
            MooringApi.pause(POLL);
            answer = attach.call("POST", "/api/v1/attachments", body);
        }
        if (answer.status() != 200 && answer.status() != 202) {
            details.add("attach of " + volumeId + " to " + node + " answered " + answer.status() + " " + answer.body());
            attachFailed.incrementAndGet();
            return;
        }
        String id = answer.json().path("id").asText();
        attachmentIds.add(id);
        JsonNode attachment = awaitState(attach, "/api/v1/attachments/" + id, Set.of("Attached", "Failed"), VOLUME_DEADLINE);
        if (attachment == null || !attachment.path("state").asText().equals("Attached")) {
            attachFailed.incrementAndGet();
            return;
        }
        if (index / plan.attachEvery() % 2 == 0) {
            Http.Answer detach = attach.call("DELETE", "/api/v1/attachments/" + id, null);
            if (detach.status() != 202 && detach.status() != 200) {
                details.add("detach of " + id + " answered " + detach.status() + " " + detach.body());
                return;
            }
            if (awaitState(attach, "/api/v1/attachments/" + id, Set.of("Detached"), VOLUME_DEADLINE) != null) {
                detached.incrementAndGet();
            }
        }
    }

    /** The resource once it is in one of {@code states}; null (and a detail) when it is not by the deadline. */
    private JsonNode awaitState(Replicas api, String path, Set<String> states, Duration deadline) {
        Instant giveUp = Instant.now().plus(deadline);
        JsonNode last = null;
        while (Instant.now().isBefore(giveUp)) {
            Http.Answer answer = api.call("GET", path, null);
            if (answer.status() == 200) {
                last = answer.json();
                if (states.contains(last.path("state").asText())) {
                    return last;
                }
            }
            MooringApi.pause(POLL);
        }
        details.add(path + " not " + states + " within " + deadline + " (last: "
                + (last == null ? "none" : last.path("state").asText()) + ")");
        return null;
    }

    private void registerAttachNodes() {
        for (int k = 0; k < ATTACH_NODES; k++) {
            Http.Answer answer = attach.call("POST", "/api/v1/nodes/" + attachNode(k) + "/initiators",
                    "{\"iqns\":[\"iqn.2026-12.dev.mooring.chaos:" + run + "-node-" + k + "\"]}");
            if (answer.status() != 200) {
                throw new IllegalStateException("initiators of " + attachNode(k) + " answered " + answer.status() + ": "
                        + answer.body());
            }
        }
    }

    private String attachNode(int k) {
        return "chaos-" + run + "-node-" + k;
    }

    private static void awaitTermination(ExecutorService workers) {
        try {
            if (!workers.awaitTermination(WORKLOAD_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                throw new IllegalStateException("The workload did not finish within " + WORKLOAD_DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    // ---------------------------------------------------------------------------------------------- faults

    private Map<String, String> injectFaults() {
        Map<String, String> ids = new LinkedHashMap<>();
        FAULTS.forEach((kind, json) -> ids.put(kind, simulator.addFault(json)));
        return ids;
    }

    private Map<String, Long> firedByKind(Map<String, String> faultIds) {
        Map<String, Long> fired = simulator.faultsFired();
        Map<String, Long> byKind = new LinkedHashMap<>();
        faultIds.forEach((kind, id) -> byKind.put(kind, fired.getOrDefault(id, 0L)));
        return byKind;
    }

    private void expireSessionsWhile(AtomicBoolean on) {
        while (on.get()) {
            MooringApi.pause(Duration.ofSeconds(7));
            try {
                simulator.expireSessions();
                sessionExpiries.incrementAndGet();
            } catch (RuntimeException e) {
                details.add("session expiry failed: " + e.getMessage());
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- kills

    /** Every service instance, the broker and the database, interleaved so each kind dies while others are back. */
    private List<String> targets() {
        List<String> instances = stack.services().stream().map(Stack.RunningService::name).sorted().toList();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            targets.add(instances.get(i));
            if (i == 1) {
                targets.add("kafka");
            }
            if (i == 4) {
                targets.add("postgresql");
            }
        }
        return targets;
    }

    private List<ChaosReport.Kill> killEachInTurn() {
        List<ChaosReport.Kill> kills = new ArrayList<>();
        for (String target : targets()) {
            MooringApi.pause(plan.betweenKills());
            Instant killedAt = Instant.now();
            switch (target) {
                case "kafka" -> stack.kill("kafka");
                case "postgresql" -> stack.killPostgres();
                default -> stack.kill(target);
            }
            MooringApi.pause(plan.killedFor());
            Instant restarting = Instant.now();
            if (target.equals("kafka") || target.equals("postgresql")) {
                stack.restartInfrastructure(target);
            } else {
                stack.restart(target);
            }
            ChaosReport.Kill kill = new ChaosReport.Kill(target, Duration.between(killedAt, restarting),
                    Duration.between(killedAt, Instant.now()));
            say("chaos: kill -9 %s: serving again after %.1f s", target, kill.recovered().toMillis() / 1000.0);
            kills.add(kill);
        }
        return kills;
    }

    // ----------------------------------------------------------------------------------------------- flaps

    /** Three zones, each with a storage node (its pool online) and a storageless node to take over. */
    private List<String> prepareFlappingNodes(ClusterNodes nodes, EventLog events) {
        List<String> storage = new ArrayList<>();
        for (int z = 1; z <= 3; z++) {
            String zone = "chaos-" + run + "-z" + z;
            String node = zone + "-storage";
            String spare = zone + "-spare";
            nodes.add(node, "region-1", zone);
            events.await(PoolOnline.class, p -> p.getNodeName().equals(node), Duration.ofMinutes(2));
            nodes.add(spare, "region-1", zone);
            events.await(NodeStorageRoleAssigned.class, r -> r.getNodeName().equals(spare)
                    && r.getRole().equals("storageless"), Duration.ofMinutes(2));
            storage.add(node);
        }
        return storage;
    }

    /** Silent until a second before the deadline, a second after it, and until the takeover is decided. */
    private List<ChaosReport.Flap> flapAroundTheDeadline(ClusterNodes nodes, EventLog events, List<String> storage) {
        List<ChaosReport.Flap> flaps = new ArrayList<>();
        flaps.add(flap(nodes, events, storage.get(0), "1 s before the deadline",
                () -> MooringApi.pause(TAKEOVER_AFTER.minusSeconds(1))));
        flaps.add(flap(nodes, events, storage.get(1), "1 s after the deadline",
                () -> MooringApi.pause(TAKEOVER_AFTER.plusSeconds(1))));
        flaps.add(flap(nodes, events, storage.get(2), "during the takeover", () -> {
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(giveUp) && events.all(NodeTakeoverDecided.class).stream()
                    .noneMatch(d -> d.getFailedNode().equals(storage.get(2)))) {
                MooringApi.pause(Duration.ofMillis(100));
            }
        }));
        return flaps;
    }

    /** The node stops renewing its Lease, stays silent as long as {@code silence} runs, and renews again. */
    private ChaosReport.Flap flap(ClusterNodes nodes, EventLog events, String node, String when, Runnable silence) {
        MooringApi.pause(Duration.ofSeconds(5));
        Instant stopped = Instant.now();
        nodes.stop(node);
        silence.run();
        nodes.resume(node);
        Duration silent = Duration.between(stopped, Instant.now());
        String outcome = outcomeOf(events, node);
        say("chaos: flap %s back %s: %s", node, when, outcome);
        return new ChaosReport.Flap(node, when, silent, outcome);
    }

    /** What the node's outage came to, once it settled (a takeover completes, or the node is back without one). */
    private static String outcomeOf(EventLog events, String node) {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(giveUp)) {
            var completed = events.all(NodeTakeoverCompleted.class).stream().filter(c -> c.getFailedNode().equals(node)).findFirst();
            if (completed.isPresent()) {
                return "taken over by " + completed.get().getReplacementNode();
            }
            boolean decided = events.all(NodeTakeoverDecided.class).stream().anyMatch(d -> d.getFailedNode().equals(node));
            if (!decided && events.all(NodeRecovered.class).stream().anyMatch(r -> r.getNodeName().equals(node))) {
                return "back without a takeover";
            }
            MooringApi.pause(Duration.ofMillis(200));
        }
        return "not settled within 2 minutes";
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
    }
}
