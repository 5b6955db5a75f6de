package dev.mooring.attach.inventory;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectByHand;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.sim;
import static dev.mooring.attach.inventory.Orphans.gauge;
import static dev.mooring.attach.inventory.Orphans.hex8;
import static dev.mooring.attach.inventory.Orphans.orphan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.service.HostInventory;
import io.fabric8.kubernetes.api.model.Event;
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

/**
 * The host side of the arrays against attach-svc's state: the host of a deleted node, unused, and a connection no
 * attachment wants are reported at once (REST, metric, Kubernetes Event) with their age, and deleted or disconnected
 * once their grace is over; a live node's host, a host with a connection and a wanted connection are never touched.
 * Timers shortened: the inventory every 300 ms with a grace of 3 s.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
@TestProfile(HostInventoryIT.ShortTimers.class)
class HostInventoryIT {

    /** Longer than the grace, on a run every 300 ms: long enough for a clean-up that should not happen. */
    static final Duration SEVERAL_GRACES = Duration.ofSeconds(5);

    /** The inventory every 300 ms, a grace of 3 s. */
    public static class ShortTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.inventory.interval", "300ms", "mooring.inventory.grace", "3s");
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
    void theUnusedHostOfADeletedNodeIsReportedAtOnceAndDeletedAfterTheGrace() {
        String node = hostWithoutConnections("removed");
        kube.nodes().withName(node).delete();

        Map<String, Object> reported = await().until(() -> orphan("host", node, false), Optional::isPresent)
                .orElseThrow();
        assertThat(sim().fleet().host(A, node)).as("not before its grace").isNotNull();
        assertThat(reported).containsEntry("array", A).containsEntry("reason", "NodeGone")
                .containsEntry("action", "CleanUpAfterGrace").containsKeys("firstSeen", "age", "cleanUpAfter");
        assertThat((String) reported.get("message")).contains(node);
        assertThat(((Number) reported.get("ageSeconds")).longValue()).isLessThan(3);
        assertThat(gauge("host", A)).isGreaterThanOrEqualTo(1);
        assertThat(awaitEvent("OrphanFound", node).getType()).isEqualTo("Warning");

        await().until(() -> sim().fleet().host(A, node) == null);
        Map<String, Object> done = await().until(() -> orphan("host", node, true),
                o -> o.isPresent() && o.get().get("resolvedAt") != null).orElseThrow();
        assertThat(done).containsEntry("action", "Deleted");
        assertThat(((Number) done.get("ageSeconds")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(awaitEvent("OrphanCleanedUp", node).getMessage()).contains("Deleted");
        // Its record goes with it, so nothing makes the host again for a node that is gone.
        List<Object> hosts = api().get("/api/v1/nodes/" + node).then().statusCode(200).extract().jsonPath()
                .getList("hosts");
        assertThat(hosts == null ? List.of() : hosts).isEmpty();
    }

    @Test
    void theUnusedHostOfALiveNodeIsNeverTouched() {
        String node = hostWithoutConnections("alive");

        await().during(SEVERAL_GRACES).atMost(SEVERAL_GRACES.plusSeconds(5))
                .until(() -> sim().fleet().host(A, node) != null);
        assertThat(orphan("host", node, true)).isEmpty();
    }

    @Test
    void aHostWithAConnectionIsNeverDeletedNorIsAConnectionItsAttachmentWants() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("connected");
        scene.awaitAttached(scene.attach(volume, node));
        // The Node goes; its attachment (its VolumeAttachment is still there) keeps its connection.
        kube.nodes().withName(node).delete();

        await().during(SEVERAL_GRACES).atMost(SEVERAL_GRACES.plusSeconds(5))
                .until(() -> sim().fleet().host(A, node) != null
                        && connectedHosts(A, volume.name()).equals(List.of(node)));
        assertThat(orphan("host", node, true)).isEmpty();
        assertThat(orphan("connection", HostInventory.connectionName(node, volume.name()), true)).isEmpty();
    }

    @Test
    void aConnectionOfAKnownVolumeNoAttachmentWantsIsRemovedAndItsReportResolved() {
        SimVolume wanted = scene.volume(A);
        SimVolume unwanted = scene.volume(A);
        String node = scene.iscsiNode("stray");
        scene.awaitAttached(scene.attach(wanted, node));
        // A volume attach-svc knows, connected to the node's host by hand: no attachment wants it there. The
        // connection reconciler repairs that within its interval; the inventory reports it as NoAttachment if it sees
        // it first. Either way it goes, and nothing else does.
        connectByHand(A, node, unwanted.name());
        String name = HostInventory.connectionName(node, unwanted.name());

        await().until(() -> connectedHosts(A, unwanted.name()).isEmpty());
        await().until(() -> orphan("connection", name, true).map(o -> o.get("resolvedAt") != null).orElse(true));
        orphan("connection", name, true).ifPresent(o -> assertThat(o).containsEntry("reason", "NoAttachment"));
        assertThat(connectedHosts(A, wanted.name())).as("the wanted connection stays").containsExactly(node);
        assertThat(orphan("connection", HostInventory.connectionName(node, wanted.name()), true)).isEmpty();
        assertThat(sim().fleet().volume(A, unwanted.name())).as("the volume itself is not attach-svc's to touch").isNotNull();
    }

    @Test
    void aVolumeMooringNeverHeardOfConnectedToItsHostIsReportedAndNeverDisconnected() {
        SimVolume wanted = scene.volume(A);
        String node = scene.iscsiNode("foreign");
        scene.awaitAttached(scene.attach(wanted, node));
        String foreign = "made-by-hand-" + hex8();
        sim().fleet().createVolume(A, foreign, 1L << 30, null, null);
        connectByHand(A, node, foreign);
        String name = HostInventory.connectionName(node, foreign);

        Map<String, Object> reported = await().until(() -> orphan("connection", name, false), Optional::isPresent)
                .orElseThrow();
        assertThat(reported).containsEntry("reason", "UnknownVolume").containsEntry("action", "ReportOnly");
        awaitEvent("OrphanFound", name);
        // Many runs and a grace later: still reported, still connected.
        await().during(SEVERAL_GRACES).atMost(SEVERAL_GRACES.plusSeconds(5))
                .until(() -> connectedHosts(A, foreign).equals(List.of(node)));
        assertThat(orphan("connection", name, false)).get().extracting(o -> o.get("action")).isEqualTo("ReportOnly");
    }

    /** A Node whose host on array-a was made by an attach and has no connection left after the detach. */
    private String hostWithoutConnections(String role) {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode(role);
        String va = scene.attach(volume, node);
        scene.awaitAttached(va);
        scene.deleteVa(va);
        await().until(() -> connectedHosts(A, volume.name()).isEmpty());
        assertThat(sim().fleet().host(A, node)).isNotNull();
        return node;
    }

    private Event awaitEvent(String reason, String objectName) {
        return await().until(() -> kube.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()) && e.getMessage().contains(objectName))
                .findFirst(), Optional::isPresent).orElseThrow();
    }
}
