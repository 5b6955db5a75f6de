package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.flasharray.client.model.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The first flow end to end, with every part as its own process — the same launcher as
 * {@code devstack/mooring up}: a volume requested over the provisioner's REST API appears on the simulated
 * array, and disappears (destroyed) when deleted; a provisioner killed with SIGKILL in the middle of
 * provisioning, once restarted, still ends the volume Ready with exactly one array volume. Then every service's
 * {@code /q/metrics} is scraped: everything {@code k8s/monitoring/} queries is exported, and no label carries an id.
 * Ends, like Strimzi's system tests, by checking that no process logged an unexpected error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SystemTest
class FirstVolumeSystemIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final String PROVISIONER = "provisioner-svc";

    /** Errors a test provokes on purpose, and nothing else. */

    private static Stack stack;
    /** The volumes the tests made: no metric label may carry one. */
    private static final Set<String> VOLUME_IDS = new java.util.concurrent.ConcurrentSkipListSet<>();
    private static MooringApi api;
    private static SimulatedArrays arrays;

    @BeforeAll
    static void startTheStack() {
        Path root = Stack.findRoot();
        Path provisionerJar = root.resolve("provisioner-svc/target/quarkus-app/quarkus-run.jar");
        assertThat(provisionerJar).as("the services must be packaged before this test (mvn install, or a reactor verify)")
                .exists();
        stack = Stack.start(Stack.Options.defaults(root)
                .work(root.resolve("devstack/target/system-test"))
                .anyFreePorts()
                .databaseSuffix("_systest")
                .instances(SystemStack.INSTANCES)
                // A killed consumer's partitions go to its replacement after 6 s instead of 45 s.
                .serviceSettings(PROVISIONER, Map.of(
                        "mp.messaging.incoming.volumes.session.timeout.ms", "6000",
                        "mp.messaging.incoming.volumes.heartbeat.interval.ms", "1000",
                        "mooring.arrays.retry-backoff", "200ms",
                        // A job held by the killed process is taken over sooner; one waiting for an array that
                        // came back runs again within seconds, and the array is seen back within two.
                        "mooring.jobs.lease", "5s",
                        "mooring.jobs.retry.max", "3s",
                        "mooring.arrays.recheck-interval", "2s")));
        stack.printTable(System.out);
        api = new MooringApi(stack.service(PROVISIONER).baseUrl(), stack.apiToken());
        api.awaitArraysRegistered(READY);
        arrays = SimulatedArrays.connect(stack, 4);
    }

    @AfterAll
    static void stopTheStack() {
        try {
            if (arrays != null) {
                arrays.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
                assertThat(stack.services()).allSatisfy(s -> assertThat(s.process().alive()).as(s.spec().name()).isFalse());
            }
        }
    }

    @Test
    @Order(1)
    void aVolumeRequestedOverRestIsCreatedOnTheArrayAndDestroyedWhenDeleted() {
        Http.Answer accepted = api.requestVolume("first", "10Gi", Map.of("backend", "pure_block"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("Location")).endsWith("/api/v1/volumes/" + accepted.json().path("id").asText());
        String id = accepted.json().path("id").asText();

        JsonNode ready = awaitState(id, "Ready");
        String arrayVolume = ready.path("arrayVolumeName").asText();
        String array = ready.path("arrays").path(0).asText();
        assertThat(ready.path("arrays")).hasSize(1);
        assertThat(arrayVolume).startsWith("mooring-first-");

        Volume onArray = arrays.find(array, arrayVolume).orElseThrow();
        assertThat(onArray.isDestroyed()).isFalse();
        assertThat(onArray.serial()).isEqualTo(ready.path("serial").asText());
        assertThat(onArray.provisioned()).isEqualTo(10L << 30);
        String other = arrays.names().stream().filter(a -> !a.equals(array)).findFirst().orElseThrow();
        assertThat(arrays.find(other, arrayVolume)).as("only on the array it was placed on").isEmpty();

        Http.Answer deleting = api.deleteVolume(id);
        assertThat(deleting.status()).as(deleting.body()).isEqualTo(202);
        awaitState(id, "Deleted");
        assertThat(arrays.find(array, arrayVolume)).get().satisfies(v -> assertThat(v.isDestroyed()).isTrue());
    }

    @Test
    @Order(2)
    void aProvisionerKilledWhileTheArrayCallIsInFlightFinishesTheVolumeExactlyOnceAfterRestart() throws Exception {
        // The array creates the volume but answers 503 ("may have happened"); the provisioner then looks the
        // volume up by name, and that lookup is held for 8 s: the window in which the process is killed.
        String createdButUnanswered = addFault(Map.of("method", "POST", "endpoint", "volumes", "status", 503,
                "phase", "after", "count", 1));
        String heldLookup = addFault(Map.of("method", "GET", "endpoint", "volumes", "latencyMs", 8000, "count", 1));

        Http.Answer accepted = api.requestVolume("crash-mid-call", "5Gi", Map.of("backend", "pure_block"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();

        await("the provisioner is inside the array call").atMost(READY).pollInterval(Duration.ofMillis(20))
                .until(() -> !activeFaults().contains(createdButUnanswered) && !activeFaults().contains(heldLookup));
        stack.kill(PROVISIONER);
        assertThat(stack.service(PROVISIONER).process().alive()).isFalse();
        assertThat(arrayVolumesNamed("mooring-crash-mid-call-")).as("created on the array before the crash").hasSize(1);

        stack.restart(PROVISIONER);
        JsonNode ready = awaitState(id, "Ready");
        List<Volume> onArrays = arrayVolumesNamed("mooring-crash-mid-call-");
        assertThat(onArrays).as("exactly one array volume").hasSize(1);
        assertThat(onArrays.get(0).serial()).isEqualTo(ready.path("serial").asText());
        assertThat(onArrays.get(0).name()).isEqualTo(ready.path("arrayVolumeName").asText());
    }

    @Test
    @Order(3)
    void aProvisionerKilledRightAfterAcceptingARequestFinishesTheVolumeExactlyOnceAfterRestart() {
        Http.Answer accepted = api.requestVolume("crash-after-accept", "5Gi",
                Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        stack.kill(PROVISIONER);

        stack.restart(PROVISIONER);
        JsonNode ready = awaitState(id, "Ready");
        assertThat(ready.path("arrays")).hasSize(2);
        for (String array : arrays.names()) {
            List<Volume> found = arrays.volumesStartingWith(array, "pod1::mooring-crash-after-accept-").stream()
                    .filter(v -> !v.isDestroyed()).toList();
            assertThat(found).as("one pod volume seen on " + array).hasSize(1);
            assertThat(found.get(0).serial()).isEqualTo(ready.path("serial").asText());
        }
    }

    @Test
    @Order(4)
    void aVolumeCreatedOnAnArrayThatThenFailsEveryCallIsFinishedThereAfterARestartNeverOnTheOther()
            throws Exception {
        // As above: the array creates the volume but answers 503, and the lookup that follows is held while the
        // provisioner is killed.
        String createdButUnanswered = addFault(Map.of("method", "POST", "endpoint", "volumes", "status", 503,
                "phase", "after", "count", 1));
        String heldLookup = addFault(Map.of("method", "GET", "endpoint", "volumes", "latencyMs", 8000, "count", 1));
        Http.Answer accepted = api.requestVolume("array-down", "5Gi", Map.of("backend", "pure_block"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        await("the provisioner is inside the array call").atMost(READY).pollInterval(Duration.ofMillis(20))
                .until(() -> !activeFaults().contains(createdButUnanswered) && !activeFaults().contains(heldLookup));
        // The whole provisioner goes: both instances (the second would otherwise take the job over at once).
        stack.kill(PROVISIONER);
        stack.kill(PROVISIONER + "-2");

        List<Volume> made = arrayVolumesNamed("mooring-array-down-");
        assertThat(made).as("created on the array before the crash").hasSize(1);
        String chosen = arrays.names().stream().filter(a -> arrays.find(a, made.get(0).name()).isPresent())
                .findFirst().orElseThrow();
        String other = arrays.names().stream().filter(a -> !a.equals(chosen)).findFirst().orElseThrow();

        // The array that holds it now fails every call (login included), while the other answers.
        String down = addFault(Map.of("array", chosen, "endpoint", "*", "status", 503));
        try {
            stack.restart(PROVISIONER);
            stack.restart(PROVISIONER + "-2");
            // Well past the killed job's lease and several of its runs: still waiting for its array.
            await("the volume waits for " + chosen).during(Duration.ofSeconds(20)).atMost(READY)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> api.volume(id).path("state").asText().equals("Pending")
                            && arrays.volumesStartingWith(other, "mooring-array-down-").isEmpty());
        } finally {
            removeFault(down);
        }

        JsonNode ready = awaitState(id, "Ready");
        assertThat(ready.path("arrays")).hasSize(1);
        assertThat(ready.path("arrays").path(0).asText()).isEqualTo(chosen);
        assertThat(arrays.volumesStartingWith(other, "mooring-array-down-")).as("nothing on " + other).isEmpty();
        List<Volume> onArrays = arrayVolumesNamed("mooring-array-down-");
        assertThat(onArrays).as("exactly one array volume in all").hasSize(1);
        assertThat(onArrays.get(0).serial()).isEqualTo(ready.path("serial").asText());
    }

    @Test
    @Order(5)
    void everyMetricOfTheDashboardAndTheAlertsIsExportedAndNoLabelCarriesAnId() throws Exception {
        List<ScrapedMetrics> scrapes = ExportedMetrics.scrape(stack);
        ExportedMetrics.assertDashboardAndRulesAreServed(scrapes);
        ExportedMetrics.assertLabelsAreBounded(scrapes, VOLUME_IDS);
        // The volume of the test before was made by the provisioners as they run now: its outcome was timed.
        assertThat(scrapes.stream().filter(s -> s.source().startsWith(PROVISIONER)).mapToDouble(s -> s.sum(
                "mooring_request_outcome_seconds_count", Map.of("kind", "volume_create", "outcome", "succeeded"))).sum())
                .as("volume_create outcomes timed").isPositive();
        // Each array's error counters exist from its configuration on, one per failure class.
        for (ScrapedMetrics provisioner : scrapes.stream().filter(s -> s.source().startsWith(PROVISIONER)).toList()) {
            assertThat(provisioner.samples().stream().filter(s -> s.name().equals("mooring_array_errors_total"))
                    .map(s -> s.labels().get("class")).distinct())
                    .containsExactlyInAnyOrder("unreachable", "not_applied", "may_have_happened", "refused");
        }
    }

    @Test
    @Order(99)
    void noProcessDiedOnItsOwn() {
        assertThat(stack.exitedUnexpectedly()).as("processes that died on their own").isEmpty();
        assertThat(stack.logFiles()).allSatisfy(log -> assertThat(log).exists());
    }

    private static JsonNode awaitState(String id, String state) {
        VOLUME_IDS.add(id);
        await(id + " " + state).atMost(READY).pollInterval(Duration.ofMillis(50))
                .until(() -> api.volume(id).path("state").asText(), s -> s.equals(state) || s.equals("Failed"));
        JsonNode volume = api.volume(id);
        assertThat(volume.path("state").asText()).as(volume.toString()).isEqualTo(state);
        return volume;
    }

    /** Live (not destroyed) array volumes whose name starts with {@code prefix}, on every array. */
    private static List<Volume> arrayVolumesNamed(String prefix) {
        List<Volume> found = new ArrayList<>();
        for (String array : arrays.names()) {
            arrays.volumesStartingWith(array, prefix).stream().filter(v -> !v.isDestroyed()).forEach(found::add);
        }
        return found;
    }

    private static String addFault(Map<String, Object> fault) throws IOException {
        return stack.simulatorAdmin().addFault(Http.JSON.writeValueAsString(fault));
    }

    private static void removeFault(String id) {
        stack.simulatorAdmin().removeFault(id);
    }

    private static List<String> activeFaults() {
        return stack.simulatorAdmin().activeFaults();
    }

}
