package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.pools.PoolOnline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mooringctl as an operator runs it — the launcher script, a separate JVM, configured only by the context file that
 * the stack writes — against one whole stack shared by the scenarios (short takeover timers, as in
 * {@link NodeTakeoverSystemIT}). Tables are not compared to golden files here (ports, times and ids change each run;
 * mooringctl's own tests hold those): {@code -o json} is parsed instead. The takeover scenario saves what
 * {@code mooringctl status} and {@code mooringctl takeover inspect} showed under {@code devstack/target/mooringctl/}.
 */
@SystemTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MooringctlSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SystemStack system;
    private static ClusterNodes nodes;
    private static Path launcher;
    private static Path saved;

    @BeforeAll
    static void startTheStack() throws IOException {
        Path root = Stack.findRoot();
        launcher = root.resolve("mooringctl/mooringctl");
        assertThat(root.resolve("mooringctl/target/mooringctl.jar"))
                .as("mooringctl must be packaged before this test (mvn install, or a reactor verify)").exists();
        saved = Files.createDirectories(root.resolve("devstack/target/mooringctl"));
        // One instance of each service, not the deployed two, and more time to start: this test is about what
        // mooringctl shows, and it must not fail because a shared 2-core machine is busy (the HA shape has its own tests).
        system = SystemStack.start("mooringctl", options -> options.instances(1).readyTimeout(Duration.ofMinutes(6)), Map.of(
                "health-svc", Map.of("mooring.health.grace-period", "PT2S", "mooring.health.takeover-after", "PT8S"),
                "provisioner-svc", Map.of("mooring.storage.max-storage-nodes-per-zone", "1",
                        "mooring.storage.drive-specs", "size=10,size=10")),
                Topic.NODES.topicName(), Topic.POOLS.topicName());
        nodes = new ClusterNodes(system.kubernetes, Duration.ofMillis(500));
    }

    @AfterAll
    static void stopTheStack() {
        if (nodes != null) {
            nodes.close();
        }
        if (system != null) {
            system.close();
        }
    }

    /** One run of the launcher: exit code, stdout, stderr. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON (exit " + exitCode + ", stderr " + err + "): " + out, e);
            }
        }
    }

    private static Run ctl(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(saved, "out", ".txt");
            Path err = Files.createTempFile(saved, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("MOORING_API_TOKEN");
            builder.environment().put("MOORINGCTL_CONTEXT", system.stack.ctlContext().toString());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mooringctl " + String.join(" ", args) + " did not end within 60 s");
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            assertThat(run.out() + run.err()).as("the token never shows").doesNotContain(system.stack.apiToken());
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Run ctl(String... args) {
        return ctl(Map.of(), args);
    }

    @Test
    void aNodeTakeoverIsFollowedWithStatusAndTakeoverInspect() throws IOException {
        nodes.add("a-storage", "region-1", "zone-a");
        system.events.await(PoolOnline.class, p -> p.getNodeName().equals("a-storage"), DEADLINE);
        nodes.add("a-spare", "region-1", "zone-a");
        system.events.await(NodeStorageRoleAssigned.class,
                r -> r.getNodeName().equals("a-spare") && r.getRole().equals("storageless"), DEADLINE);

        nodes.stop("a-storage");
        NodeTakeoverCompleted completed = system.events.await(NodeTakeoverCompleted.class,
                c -> c.getFailedNode().equals("a-storage"), DEADLINE);

        JsonNode takeovers = ctl("takeover", "list", "-o", "json").json().path("takeovers");
        assertThat(takeovers).hasSize(1);
        JsonNode takeover = takeovers.get(0);
        assertThat(takeover.path("takeoverId").asText()).isEqualTo(completed.getTakeoverId());
        assertThat(takeover.path("failedNode").asText()).isEqualTo("a-storage");
        assertThat(takeover.path("replacementNode").asText()).isEqualTo("a-spare");
        assertThat(takeover.path("status").asText()).isEqualTo("Completed");

        Run inspect = ctl("takeover", "inspect", completed.getTakeoverId());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("Failed node:  a-storage", "Replacement:  a-spare", "Status:       Completed");
        for (String phase : List.of("last heartbeat", "deadline", "decided", "fenced", "drives moved",
                "identity transferred", "completed")) {
            assertThat(inspect.out().lines()).as(phase).anyMatch(l -> l.strip().startsWith(phase + "  ")
                    && l.matches(".*\\d{4}-\\d\\d-\\d\\dT.*"));
        }

        Run status = ctl("status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("ARRAYS", "array-a", "Registered", "PODS", "pod1", "SERVICES", "NODES",
                "TAKEOVERS IN FLIGHT", "ORPHANS", "DEAD LETTERS");
        JsonNode statusJson = ctl("status", "-o", "json").json();
        assertThat(statusJson.path("services")).hasSize(4).allSatisfy(s ->
                assertThat(s.path("health").asText()).as(s.toString()).isEqualTo("UP"));
        assertThat(statusJson.path("arrays")).hasSize(2).allSatisfy(a ->
                assertThat(a.path("status").asText()).isEqualTo("Registered"));
        assertThat(statusJson.path("nodes").path("byRole").path("storage").asInt()).isGreaterThanOrEqualTo(1);

        Run node = ctl("node", "inspect", "a-storage");
        assertThat(node.out()).contains("Takeovers:", completed.getTakeoverId(), "Completed");

        // What the closing note shows: both pages from this run, printed and kept.
        Files.writeString(saved.resolve("status.txt"), status.out());
        Files.writeString(saved.resolve("takeover-inspect.txt"), inspect.out());
        System.out.println("$ mooringctl status\n" + status.out());
        System.out.println("$ mooringctl takeover inspect " + completed.getTakeoverId() + "\n" + inspect.out());
    }

    @Test
    void aVolumeIsCreatedWaitedForInspectedAndDeleted() {
        Run created = ctl("volume", "create", "ctl-first", "--size", "5Gi", "-p", "backend=pure_block", "--wait");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("waiting for volume ctl-first: ");
        assertThat(created.out()).startsWith("volume ctl-first (").contains("is Ready on array-");

        JsonNode volume = ctl("volume", "inspect", "ctl-first", "-o", "json").json();
        assertThat(volume.path("state").asText()).isEqualTo("Ready");
        assertThat(volume.path("serial").asText()).isNotBlank();
        Run page = ctl("volume", "inspect", "ctl-first");
        assertThat(page.out()).contains("Serial:", volume.path("serial").asText(), "Attachments:");
        assertThat(ctl("volume", "list").out()).contains("ctl-first", "Ready");

        Run deleted = ctl("volume", "delete", "ctl-first", "--wait");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("is Deleted");
    }

    @Test
    void listsOfTheStackReadAsTheApisSay() {
        JsonNode arrays = ctl("array", "list", "-o", "json").json();
        assertThat(arrays.path("arrays").findValuesAsText("name")).containsExactlyInAnyOrder("array-a", "array-b");
        assertThat(ctl("array", "inspect", "array-a").out()).contains("Name:", "array-a", "Purity:");
        assertThat(ctl("pool", "list").exitCode()).isZero();
        assertThat(ctl("attachment", "list").exitCode()).isZero();
        assertThat(ctl("topology").exitCode()).isZero();
        Run deadLetters = ctl("dead-letters", "list", "-o", "yaml");
        assertThat(deadLetters.exitCode()).as(deadLetters.err()).isZero();
    }

    @Test
    void errorsNameWhatToFix() throws IOException {
        Run unknown = ctl("volume", "inspect", "no-such-volume");
        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.err()).isEqualTo("mooringctl: volume no-such-volume does not exist (no volume has that name or"
                + " id; see mooringctl volume list)\n");

        Path wrongToken = Files.writeString(saved.resolve("wrong-token"), "not-the-stacks-token-0123456789");
        Run refused = ctl("node", "list", "--token-file", wrongToken.toString());
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).isEqualTo("mooringctl: health-svc refused the API token (401 Unauthorized): check the"
                + " token in --token-file " + wrongToken + "\n");

        Run down = ctl("topology", "--topology-url", "http://127.0.0.1:1");
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.err()).startsWith("mooringctl: cannot reach topology-svc at http://127.0.0.1:1");
    }
}
