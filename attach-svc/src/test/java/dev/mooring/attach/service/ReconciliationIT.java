package dev.mooring.attach.service;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.history;
import static dev.mooring.attach.Scene.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.events.attachments.ConnectionHealed;
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
 * The reconciliation loop (every 300 ms in tests): a connection removed by hand comes back, one Mooring does not
 * want goes, and what Mooring does not own stays as it is.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class ReconciliationIT {

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
    void aConnectionRemovedByHandIsRestoredAndReported() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("healed");
        scene.awaitAttached(scene.attach(volume, node));

        sim().admin().removeConnection(B, node, volume.name());

        await().until(() -> connectedHosts(B, volume.name()).equals(List.of(node)));
        ConnectionHealed healed = scene.awaitEvents(ConnectionHealed.class,
                e -> e.getVolumeId().equals(volume.id()), 1).get(0);
        assertThat(healed.getAction()).isEqualTo("restored");
        assertThat(healed.getArray()).isEqualTo(B);
        assertThat(healed.getHost()).isEqualTo(node);
        assertThat(healed.getNodeName()).isEqualTo(node);
        assertThat(healed.getLun()).isEqualTo(Scene.connections(B, volume.name()).get(0).lun());
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
        assertThat(history(B, node, volume.name(), ConnectionEvent.DISCONNECT)).singleElement()
                .extracting(ConnectionEvent::cause).isEqualTo(ConnectionEvent.CAUSE_ADMIN);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mooring_connections_healed_total{action=\"restored\",array=\"array-b\""));
    }

    @Test
    void aConnectionOfAMooringVolumeToAMooringHostThatNobodyWantsIsRemoved() {
        SimVolume wanted = scene.volume(A);
        SimVolume other = scene.volume(A);
        String owner = scene.iscsiNode("owner");
        String stranger = scene.iscsiNode("stranger");
        scene.awaitAttached(scene.attach(wanted, owner));
        scene.awaitAttached(scene.attach(other, stranger)); // now Mooring has a host for the stranger too

        Scene.connectByHand(A, stranger, wanted.name());

        await().until(() -> connectedHosts(A, wanted.name()).equals(List.of(owner)));
        ConnectionHealed removed = scene.awaitEvents(ConnectionHealed.class,
                e -> e.getVolumeId().equals(wanted.id()) && e.getAction().equals("removed"), 1).get(0);
        assertThat(removed.getHost()).isEqualTo(stranger);
        assertThat(removed.getNodeName()).isEqualTo(stranger);
        assertThat(connectedHosts(A, other.name())).containsExactly(stranger);
    }

    @Test
    void whatMooringDoesNotOwnIsNeverTouched() {
        SimVolume mine = scene.volume(A);
        String node = scene.iscsiNode("mine");
        scene.awaitAttached(scene.attach(mine, node));
        String foreignVolume = "foreign-" + node;
        String foreignHost = "foreign-host-" + node;
        sim().fleet().createVolume(A, foreignVolume, 1L << 30, null, null);
        Scene.foreignHost(A, foreignHost, List.of("iqn.2024-01.example.other:" + node));
        Scene.connectByHand(A, node, foreignVolume);        // a volume Mooring does not know, on Mooring's host
        Scene.connectByHand(A, foreignHost, mine.name());   // Mooring's volume, on a host Mooring did not make

        for (int pass = 0; pass < 3; pass++) {
            api().post("/api/v1/reconciliations").then().statusCode(200);
        }

        assertThat(connectedHosts(A, foreignVolume)).containsExactly(node);
        assertThat(connectedHosts(A, mine.name())).containsExactlyInAnyOrder(node, foreignHost);
        assertThat(history(A, null, foreignVolume, ConnectionEvent.DISCONNECT)).isEmpty();
        assertThat(history(A, foreignHost, null, ConnectionEvent.DISCONNECT)).isEmpty();
        assertThat(sim().fleet().hostInfos(A)).filteredOn(h -> h.name().equals(foreignHost)).singleElement()
                .satisfies(h -> assertThat(h.iqns()).containsExactly("iqn.2024-01.example.other:" + node));
        assertThat(scene.events(ConnectionHealed.class, e -> e.getVolumeId().equals(mine.id()))).isEmpty();
    }

    @Test
    void aPassReportsWhatItReadAndDid() {
        java.util.concurrent.atomic.AtomicReference<io.restassured.path.json.JsonPath> report =
                new java.util.concurrent.atomic.AtomicReference<>();
        // Arrays register asynchronously after start (see RunningServiceIT); a pass reads those registered.
        await().until(() -> Integer.valueOf(2).equals(given().get("/q/health/ready").then().extract().jsonPath()
                .get("checks.find { it.name == 'flasharrays' }.data.registered")));
        await().until(() -> {
            report.set(api().post("/api/v1/reconciliations").then().statusCode(200).extract().jsonPath());
            return !report.get().getBoolean("skipped"); // the loop's own pass may be running
        });

        assertThat(report.get().getList("arraysRead", String.class)).containsExactly(A, B);
        assertThat(report.get().getString("passId")).startsWith("reconcile-");
    }
}
