package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.flasharray.client.model.Volume;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mooring demo}: starts the stack and walks through the first flow in plain words — a volume on the
 * array with the most free capacity and one in the stretched pod {@code pod1}, each requested over REST,
 * seen Ready, found on the simulated array(s), deleted, and seen destroyed there — then the same through
 * Kubernetes: a PVC of the seed's StorageClass, bound, attached to a node on both arrays, detached, deleted.
 */
final class Demo {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Stack stack;
    private final MooringApi api;
    private final SimulatedArrays arrays;
    private final PrintStream out;
    private int step;

    private Demo(Stack stack, SimulatedArrays arrays, PrintStream out) {
        this.stack = stack;
        this.api = new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken());
        this.arrays = arrays;
        this.out = out;
    }

    static int run(Path root, List<String> args) throws InterruptedException {
        boolean keep = args.remove("--keep");
        if (!args.isEmpty()) {
            System.err.println("demo takes only --keep: " + args);
            return 2;
        }
        Stack stack = Stack.start(Stack.Options.defaults(root).nodeAgents(KubernetesDemo.NODE));
        try {
            stack.printTable(System.out);
            try (SimulatedArrays arrays = SimulatedArrays.connect(stack, 4)) {
                new Demo(stack, arrays, System.out).walkThrough();
            }
            if (keep) {
                System.out.println("--keep: the stack stays up. Press Ctrl-C to stop it.");
                Main.watchUntilStopped(stack);
            }
            return 0;
        } catch (RuntimeException e) {
            System.out.println();
            System.out.println("The demo failed: " + e.getMessage());
            System.out.println("Logs: " + stack.logDirectory());
            return 1;
        } finally {
            stack.close();
        }
    }

    private void walkThrough() {
        step("The arrays the provisioner registered from pure.json in the Secret px-pure-secret (GET /api/v1/arrays):");
        String mostFree = null;
        long mostFreeBytes = -1;
        for (JsonNode a : api.awaitArraysRegistered(WAIT).path("arrays")) {
            long free = a.path("freeBytes").asLong();
            say("%s at %s: %s, Purity %s, %s free of %s", a.path("name").asText(), a.path("endpoint").asText(),
                    a.path("status").asText(), a.path("purityVersion").asText(), bytes(free),
                    bytes(a.path("capacityBytes").asLong()));
            if (free > mostFreeBytes) {
                mostFree = a.path("name").asText();
                mostFreeBytes = free;
            }
        }
        say("A pure_block volume goes to the array with the most free capacity: %s.", mostFree);

        JsonNode block = provision("demo-block", Map.of("backend", "pure_block"));
        String landed = block.path("arrays").path(0).asText();
        say(landed.equals(mostFree) ? "It is on %s, the array with the most free capacity, as expected."
                : "It is on %s (the free capacity changed since step 1).", landed);
        showOnArrays(block, false);

        JsonNode pod = provision("demo-pod", Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"));
        say("A volume in a stretched pod lives on both arrays of the pod: %s.", pod.path("arrays"));
        showOnArrays(pod, false);

        for (JsonNode volume : List.of(block, pod)) {
            String id = volume.path("id").asText();
            step("Delete %s (DELETE /api/v1/volumes/%s):", volume.path("name").asText(), id);
            Http.Answer answer = api.deleteVolume(id);
            say("%d %s; state %s.", answer.status(), answer.status() == 202 ? "Accepted" : "", answer.json() == null
                    ? "?" : answer.json().path("state").asText());
            Instant start = Instant.now();
            JsonNode deleted = api.awaitState(id, Set.of("Deleted", "Failed"), WAIT, POLL);
            say("State %s after %s.", deleted.path("state").asText(), seconds(start));
            showOnArrays(deleted, true);
        }
        new KubernetesDemo(stack, arrays, this::step, this::say).walkThrough();
        step("Done: volumes requested over REST and through a PVC, provisioned, found on the arrays, attached to "
                + "a node on both arrays of the stretched pod, " + (stack.findNodeAgent(KubernetesDemo.NODE).isPresent()
                ? "staged, published and written on the node by its agent, " : "") + "detached, deleted and destroyed there.");
    }

    private JsonNode provision(String name, Map<String, String> parameters) {
        step("Request a 10Gi volume \"%s\" with parameters %s (POST /api/v1/volumes):", name, parameters);
        Instant start = Instant.now();
        Http.Answer answer = api.requestVolume(name, "10Gi", parameters);
        if (answer.status() != 202 && answer.status() != 200) {
            throw new IllegalStateException("The provisioner refused the volume: " + answer.status() + " " + answer.body());
        }
        String id = answer.json().path("id").asText();
        say("%d Accepted, Location %s; state %s.", answer.status(), answer.header("Location"),
                answer.json().path("state").asText());
        step("Wait until it is Ready (GET %s every %d ms):", answer.header("Location"), POLL.toMillis());
        JsonNode volume = api.awaitState(id, Set.of("Ready", "Failed"), WAIT, POLL);
        if (!"Ready".equals(volume.path("state").asText())) {
            throw new IllegalStateException("Volume " + name + " failed: " + volume.path("failure"));
        }
        say("Ready after %s: arrays %s, serial %s, array volume %s.", seconds(start), volume.path("arrays"),
                volume.path("serial").asText(), volume.path("arrayVolumeName").asText());
        return volume;
    }

    private void showOnArrays(JsonNode volume, boolean expectDestroyed) {
        String name = volume.path("arrayVolumeName").asText();
        List<String> on = new ArrayList<>();
        volume.path("arrays").forEach(a -> on.add(a.asText()));
        if (on.isEmpty()) {
            on.addAll(arrays.names());
        }
        step("What the simulated array%s say%s about %s (flasharray-client over HTTPS):", on.size() > 1 ? "s" : "",
                on.size() > 1 ? "" : "s", name);
        for (String array : on) {
            Optional<Volume> found = arrays.find(array, name);
            if (found.isEmpty()) {
                say("%s: no volume %s%s.", array, name, expectDestroyed ? " (eradicated)" : " — UNEXPECTED");
                continue;
            }
            Volume v = found.get();
            if (v.isDestroyed()) {
                say("%s: %s is destroyed; the array eradicates it in %s unless it is recovered.", array, v.name(),
                        v.timeRemaining() == null ? "?" : Duration.ofMillis(v.timeRemaining()).toString()
                                .substring(2).toLowerCase());
            } else {
                say("%s: %s, serial %s, %s provisioned%s, multipath device %s.", array, v.name(), v.serial(),
                        bytes(v.provisioned() == null ? 0 : v.provisioned()),
                        v.podName() == null ? "" : ", in pod " + v.podName(), v.deviceIdentity().multipathDevice());
            }
            if (v.isDestroyed() != expectDestroyed) {
                throw new IllegalStateException(array + ": " + v.name() + " destroyed=" + v.isDestroyed()
                        + " but expected destroyed=" + expectDestroyed);
            }
        }
    }

    private void step(String format, Object... args) {
        out.println();
        out.printf("%d. %s%n", ++step, String.format(format, args));
    }

    private void say(String format, Object... args) {
        out.println("   " + String.format(format, args));
    }

    private static String seconds(Instant start) {
        return String.format("%.2f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format("%.0f %s", value, units[unit]) : String.format("%.1f %s", value, units[unit]);
    }
}
