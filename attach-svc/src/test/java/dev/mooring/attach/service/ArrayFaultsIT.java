package dev.mooring.attach.service;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.history;
import static dev.mooring.attach.Scene.sim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arrays that fail mid-way — a 500 after the connection was made, 503 and 429 before, a host created behind a
 * 500 — still end in exactly one connection per node and array, as the arrays' connection history shows.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class ArrayFaultsIT {

    @Inject
    KubernetesClient kube;

    private Scene scene;

    @BeforeEach
    void arrange() {
        scene = new Scene(kube);
    }

    @AfterEach
    void tidy() {
        scene.close();
    }

    @Test
    void aServerErrorAfterTheConnectionWasMadeIsLookedUpNotRepeated() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("after-500");
        sim().admin().addFault(FaultSpec.error("POST", "connections", 500, 1).onArray(B).after()
                .withMessage("Server is busy"));

        scene.awaitAttached(scene.attach(volume, node));

        assertExactlyOneConnection(List.of(A, B), node, volume);
    }

    @Test
    void aConnectThatTimesOutIsLookedUpAndNotMadeTwice() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("slow");
        // Longer than the client's request timeout in tests (mooring.arrays.request-timeout=2s): the array
        // makes the connection after the client gave up on it.
        sim().admin().addFault(new FaultSpec(null, A, "POST", "connections", null, 1, null, 3_000,
                FaultSpec.BEFORE, null, null));

        scene.awaitAttached(scene.attach(volume, node));

        // The delayed request reaches the array up to 3 s after it was sent: the count must stay one through it.
        await().during(java.time.Duration.ofMillis(1_500)).until(() ->
                history(A, node, volume.name(), ConnectionEvent.CONNECT).size() == 1);
        assertExactlyOneConnection(List.of(A), node, volume);
    }

    @Test
    void unavailableAndRateLimitedAnswersAreWaitedOut() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("busy");
        sim().admin().addFault(FaultSpec.error("POST", "connections", 503, 2).onArray(A));
        sim().admin().addFault(FaultSpec.error("POST", "hosts", 429, 2).onArray(A));

        scene.awaitAttached(scene.attach(volume, node));

        assertExactlyOneConnection(List.of(A), node, volume);
        assertThat(sim().fleet().hostInfos(A)).filteredOn(h -> h.name().equals(node)).hasSize(1);
    }

    @Test
    void aHostCreatedBehindAServerErrorIsFoundAndUsed() {
        SimVolume volume = scene.volume(B);
        String node = scene.iscsiNode("host-500");
        sim().admin().addFault(FaultSpec.error("POST", "hosts", 500, 1).onArray(B).after());

        scene.awaitAttached(scene.attach(volume, node));

        assertExactlyOneConnection(List.of(B), node, volume);
        api().get("/api/v1/nodes/" + node).then().statusCode(200)
                .body("hosts.origin", org.hamcrest.Matchers.contains("adopted"));
    }

    @Test
    void aDetachBehindAServerErrorIsCheckedAndReportedOnce() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("detach-500");
        String va = scene.attach(volume, node);
        scene.awaitAttached(va);
        sim().admin().addFault(FaultSpec.error("DELETE", "connections", 500, 1).onArray(A).after());

        scene.deleteVa(va);

        await().until(() -> scene.va(va) == null);
        assertThat(connectedHosts(A, volume.name())).isEmpty();
        assertThat(connectedHosts(B, volume.name())).isEmpty();
        for (String array : List.of(A, B)) {
            assertThat(history(array, node, volume.name(), ConnectionEvent.DISCONNECT)).hasSize(1);
        }
    }

    @Test
    void anArrayThatKeepsFailingEndsInARetryableFailureAndNoStrayConnection() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("down");
        sim().admin().addFault(FaultSpec.error("POST", "connections", 503, null).onArray(A));

        String va = scene.attach(volume, node);

        assertThat(scene.awaitAttachError(va)).startsWith("ArrayUnavailable").contains(A);
        api().get("/api/v1/attachments/" + va).then().statusCode(200)
                .body("failure.retryable", org.hamcrest.Matchers.equalTo(true));
        assertThat(connectedHosts(A, volume.name())).isEmpty();
    }

    private static void assertExactlyOneConnection(List<String> arrays, String node, SimVolume volume) {
        for (String array : arrays) {
            assertThat(connectedHosts(array, volume.name())).as("connections on %s", array).containsExactly(node);
            assertThat(history(array, node, volume.name(), ConnectionEvent.CONNECT)).as("connects on %s", array)
                    .hasSize(1);
            assertThat(history(array, node, volume.name(), ConnectionEvent.DISCONNECT)).as("disconnects on %s", array)
                    .isEmpty();
        }
    }
}
