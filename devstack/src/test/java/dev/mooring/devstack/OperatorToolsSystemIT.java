package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.pools.PoolOnline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.WebElement;

/**
 * The operator's tools against one whole stack shared by the scenarios, on short takeover timers (grace 2 s, takeover
 * 8 s after the last heartbeat): a storage node's Lease stops and the storageless node of its zone takes over.
 * <ul>
 * <li>The read-only web console in a real browser (headless Chromium) shows it: states and roles on the nodes page,
 * the takeover as a timeline with its deadline, the arrays and the pod's state per array. Keeps
 * {@code devstack/target/console/takeover.png} (the build artifact) and the drawing as {@code takeover-timeline.svg}.
 * <li>mooringctl as an operator runs it (the launcher script, a separate JVM, configured only by the context file the
 * stack writes) follows the same takeover and keeps what {@code status} and {@code takeover inspect} showed under
 * {@code devstack/target/mooringctl/}; it creates, grows and deletes a volume with {@code --wait}, and its errors name
 * what to fix. Tables are not compared to golden files here (ports, times and ids change; mooringctl's own tests
 * hold those): {@code -o json} is parsed instead.
 * </ul>
 * One instance of each service, not the deployed two: the tools are under test here, not the replicas (which have
 * their own tests), and fewer JVMs start on a busy 2-core machine.
 */
@SystemTest
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorToolsSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path out;
    private static Path saved;
    private static Path launcher;
    private static HeadlessChromium browser;
    private static SystemStack system;
    private static ClusterNodes nodes;

    @BeforeAll
    static void start() throws IOException {
        Path root = Stack.findRoot();
        out = root.resolve("devstack/target/console");
        saved = Files.createDirectories(root.resolve("devstack/target/mooringctl"));
        launcher = root.resolve("mooringctl/mooringctl");
        assertThat(root.resolve("mooringctl/target/mooringctl.jar"))
                .as("mooringctl must be packaged before this test (mvn install, or a reactor verify)").exists();
        // First, so a machine without the browser fails at once, saying what to install.
        browser = HeadlessChromium.start(out.resolve("browser"));
        system = SystemStack.start("operator-tools", options -> options.instances(1).readyTimeout(Duration.ofMinutes(6)),
                Map.of("health-svc", Map.of("mooring.health.grace-period", "PT2S", "mooring.health.takeover-after", "PT8S"),
                        "provisioner-svc", Map.of("mooring.storage.max-storage-nodes-per-zone", "1",
                                "mooring.storage.drive-specs", "size=10,size=10")),
                Topic.NODES.topicName(), Topic.POOLS.topicName());
        nodes = new ClusterNodes(system.kubernetes, Duration.ofMillis(500));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleShowsARealTakeoverItsTimelineAndTheArraysAndPods() throws Exception {
        String console = system.stack.consoleUrl();
        // Pages without their own reload (?refresh=0): a reload while the test reads a table would pull it away.
        assertThat(console).as("devstack starts the console").isNotNull();
        MooringApi provisioner = system.api("provisioner-svc");
        Http.Answer requested = provisioner.requestVolume("console-demo", "10Gi", Map.of("backend", "pure_block",
                "pure_fa_pod_name", "pod1"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String volume = requested.json().path("id").asText();
        provisioner.awaitState(volume, Set.of("Ready"), DEADLINE, Duration.ofMillis(200));

        nodes.add("a-storage", "region-1", "zone-a");
        system.events.await(PoolOnline.class, p -> p.getNodeName().equals("a-storage"), DEADLINE);
        nodes.add("a-spare", "region-1", "zone-a");
        system.events.await(NodeStorageRoleAssigned.class,
                r -> r.getNodeName().equals("a-spare") && r.getRole().equals("storageless"), DEADLINE);

        // Before: both Online, a-storage with the storage role.
        await().atMost(DEADLINE).ignoreExceptions().until(() -> browser.open(console + "nodes?refresh=0").row("Nodes known to health-svc", "a-storage")
                .matches("a-storage Online storage zone-a .*"));
        assertThat(browser.row("Nodes known to health-svc", "a-spare")).startsWith("a-spare Online storageless zone-a");
        assertThat(browser.title()).isEqualTo("Nodes — Mooring console");

        nodes.stop("a-storage");
        system.events.await(NodeTakeoverCompleted.class, c -> c.getFailedNode().equals("a-storage"), DEADLINE);

        // The nodes page: a-storage TakenOver and storageless, its storage role gone to a-spare.
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> {
            browser.open(console + "nodes?refresh=0");
            assertThat(browser.row("Nodes known to health-svc", "a-storage")).startsWith("a-storage TakenOver storageless zone-a");
            assertThat(browser.row("Nodes known to health-svc", "a-spare")).startsWith("a-spare Online storage zone-a");
        });
        browser.screenshot(out.resolve("nodes.png"));

        // The takeovers page: the drawing with its title, its deadline and every phase reached, and the same in a table.
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> {
            browser.open(console + "takeovers?refresh=0");
            assertThat(browser.one("section.takeover h2").getText()).isEqualTo("Takeover of a-storage by a-spare: Completed");
        });
        WebElement svg = browser.one("section.takeover svg");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.findElement(org.openqa.selenium.By.tagName("title")).getAttribute("textContent"))
                .isEqualTo("Takeover of a-storage by a-spare: Completed");
        List<String> phases = browser.all("section.takeover svg g[data-phase]").stream()
                .map(g -> g.getAttribute("data-phase")).toList();
        assertThat(phases).contains("deadline").containsSubsequence("last_heartbeat", "decided", "fenced",
                "drives_moved", "identity_transferred", "completed");
        assertThat(browser.row("Phases of the takeover of a-storage, in order", "deadline")).contains("+8 s");
        assertThat(browser.row("Phases of the takeover of a-storage, in order", "completed")).contains("UTC");
        browser.screenshot(out.resolve("takeover.png"));

        // The same drawing as a file of its own, as the console serves it: for the docs.
        String svgLink = browser.one("section.takeover a[href$='.svg']").getAttribute("href");
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(svgLink)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).startsWith("<?xml").contains("data-phase=\"deadline\"", "data-phase=\"completed\"");
        Files.writeString(out.resolve("takeover-timeline.svg"), file.body(), StandardCharsets.UTF_8);

        // The overview: both arrays registered, pod1 online on each; the volume on the volumes page.
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> {
            browser.open(console + "?refresh=0");
            assertThat(browser.row("FlashArrays registered by provisioner-svc", "array-a")).contains("Registered");
            assertThat(browser.row("FlashArrays registered by provisioner-svc", "array-b")).contains("Registered");
            assertThat(browser.rows("Each stretched pod's state on each of its arrays"))
                    .anyMatch(r -> r.startsWith("pod1 array-a online"))
                    .anyMatch(r -> r.startsWith("pod1 array-b online"));
            assertThat(browser.all("[role=alert]")).as("no service unreachable").isEmpty();
        });
        browser.screenshot(out.resolve("overview.png"));
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(browser.open(console
                + "volumes?refresh=0").row("Volumes (provisioner-svc), oldest first", "console-demo")).contains("Ready", "pod1"));
        browser.screenshot(out.resolve("volumes.png"));

        // Read-only, and the token shows nowhere.
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "nodes?refresh=0"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        for (String page : List.of("", "volumes", "nodes", "takeovers")) {
            // (its own reload is no trouble here)
            assertThat(browser.open(console + page).source()).doesNotContain(system.stack.apiToken());
        }
        JsonNode takeover = system.api("health-svc").call("GET", "/api/v1/nodes/a-storage", null).json()
                .path("takeovers").get(0);
        assertThat(svgLink).endsWith("/takeovers/" + takeover.path("takeoverId").asText() + ".svg");
        assertThat(system.stack.exitedUnexpectedly()).isEmpty();
    }

    @Test
    @Order(2)
    void theTakeoverIsFollowedWithMooringctlStatusAndTakeoverInspect() throws IOException {
        // The takeover the console's scenario drove (its order is first).
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

        Run grown = ctl("volume", "resize", "ctl-first", "--size", "6Gi", "--wait");
        assertThat(grown.exitCode()).as(grown.err()).isZero();
        assertThat(grown.out()).contains("is 6Gi");
        Run shrink = ctl("volume", "resize", "ctl-first", "--size", "1Gi");
        assertThat(shrink.exitCode()).isNotZero();
        assertThat(shrink.err()).contains("size", "only grows");

        JsonNode volume = ctl("volume", "inspect", "ctl-first", "-o", "json").json();
        assertThat(volume.path("state").asText()).isEqualTo("Ready");
        assertThat(volume.path("size").asText()).isEqualTo("6Gi");
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

    @Test
    void aDeadLetterIsListedAndReplayedWithMooringctl() throws Exception {
        // An event no consumer may apply: a takeover decision that claims health-svc's work but comes from
        // topology-svc (whose credentials may write mooring.nodes). attach-svc dead-letters it with the reason.
        ForgedTakeover forged = ForgedTakeover.of("ctl-ghost", "ctl-other");
        forged.sendWith(system.stack.kafkaClientSettingsOf("topology-svc"));
        String eventId = forged.eventId();

        JsonNode letter = await().atMost(DEADLINE).until(() -> {
            for (JsonNode row : ctl("dead-letters", "list", "--service", "attach", "-o", "json").json()) {
                if (row.path("eventId").asText().equals(eventId)) {
                    return row;
                }
            }
            return null;
        }, Objects::nonNull);
        assertThat(letter.path("service").asText()).isEqualTo("attach-svc");
        assertThat(letter.path("eventType").asText()).isEqualTo("NodeTakeoverDecided");
        assertThat(letter.path("reason").asText()).contains("forged origin");
        assertThat(ctl("dead-letters", "list").out()).contains("attach-svc", "NodeTakeoverDecided");

        long id = letter.path("id").asLong();
        Run replay = ctl("dead-letters", "replay", "attach", String.valueOf(id));
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).isEqualTo("dead letter " + id + " of attach-svc replayed (NodeTakeoverDecided on "
                + letter.path("channel").asText() + ")\n");
        // Still forged, so dead-lettered anew: not lost, not applied. The replayed one is listed only with --all.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(ctl("dead-letters", "list", "--service", "attach",
                "-o", "json").json().findValues("eventId").stream().map(JsonNode::asText).filter(eventId::equals))
                .as("the replayed event, dead-lettered again").hasSize(1));
        assertThat(ctl("dead-letters", "list", "--service", "attach", "--all", "-o", "json").json()
                .findValues("eventId").stream().map(JsonNode::asText).filter(eventId::equals)).hasSize(2);
        Run again = ctl("dead-letters", "replay", "attach", String.valueOf(id));
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("was replayed at");
        assertThat(system.api("attach-svc").call("GET", "/api/v1/nodes/ctl-ghost", null).status())
                .as("no fence, host or takeover of the forged decision's node").isEqualTo(404);
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
}
