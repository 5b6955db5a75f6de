package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.pools.PoolOnline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The read-only web console in a real browser (headless Chromium) against the whole stack during a real takeover, on
 * short timers (grace 2 s, takeover 8 s after the last heartbeat): a storage node's Lease stops, the storageless node
 * of its zone takes over, and the console shows it — states and roles on the nodes page, the takeover as a timeline
 * with its deadline, the arrays and the pod's state per array. Keeps {@code devstack/target/console/takeover.png} (the
 * build artifact) and the takeover's drawing as {@code takeover-timeline.svg} beside it.
 */
@SystemTest
class ConsoleSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static Path out;
    private static HeadlessChromium browser;
    private static SystemStack system;
    private static ClusterNodes nodes;

    @BeforeAll
    static void start() {
        out = Stack.findRoot().resolve("devstack/target/console");
        // First, so a machine without the browser fails at once, saying what to install.
        browser = HeadlessChromium.start(out.resolve("browser"));
        // One instance of each service: the console is under test here, not the services' replicas (fewer JVMs start).
        system = SystemStack.start("console", options -> options.instances(1), Map.of(
                "health-svc", Map.of("mooring.health.grace-period", "PT2S", "mooring.health.takeover-after", "PT8S"),
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
}
