package dev.mooring.attach.inventory;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectByHand;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.sim;
import static dev.mooring.attach.inventory.Orphans.hex8;
import static dev.mooring.attach.inventory.Orphans.orphan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.service.HostInventory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Report-only: a stray connection on a deleted node's host is reported with its age, and nothing is touched. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
@TestProfile(HostInventoryReportOnlyIT.ReportOnly.class)
class HostInventoryReportOnlyIT {

    /** Report-only, every 300 ms, with a grace of 1 s. */
    public static class ReportOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.inventory.interval", "300ms", "mooring.inventory.grace", "1s",
                    "mooring.inventory.report-only", "true");
        }
    }

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
    void aStrayConnectionOnADeletedNodesHostIsReportedAndNothingIsTouched() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("report-only");
        String va = scene.attach(volume, node);
        scene.awaitAttached(va);
        scene.deleteVa(va);
        await().until(() -> connectedHosts(A, volume.name()).isEmpty());
        String stray = "made-by-hand-" + hex8();
        sim().fleet().createVolume(A, stray, 1L << 30, null, null);
        connectByHand(A, node, stray);
        kube.nodes().withName(node).delete();
        String name = HostInventory.connectionName(node, stray);

        Map<String, Object> reported = await().until(() -> orphan("connection", name, false), Optional::isPresent)
                .orElseThrow();
        assertThat(reported).containsEntry("action", "ReportOnly").containsEntry("reason", "UnknownVolume");
        assertThat(reported.get("cleanUpAfter")).isNull();

        // Three graces later, on a run every 300 ms: the connection and the host are still there, and the host,
        // which has a connection, is not even reported.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> connectedHosts(A, stray).equals(List.of(node)) && sim().fleet().host(A, node) != null);
        Map<String, Object> later = orphan("connection", name, false).orElseThrow();
        assertThat(later).containsEntry("action", "ReportOnly");
        assertThat(((Number) later.get("ageSeconds")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(orphan("host", node, true)).isEmpty();
    }
}
