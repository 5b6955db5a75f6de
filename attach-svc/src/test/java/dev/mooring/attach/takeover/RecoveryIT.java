package dev.mooring.attach.takeover;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.sim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.WithScenes;
import dev.mooring.attach.StorageScene.SimDrive;
import dev.mooring.events.nodes.ConnectionCheck;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.pools.DriveAttached;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/**
 * A node back within the takeover deadline: each connection it should have — its drives, its attached volumes — is
 * checked on every array, and one that went missing while it was offline is restored and reported.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class RecoveryIT extends WithScenes {

    @Test
    void aConnectionLostWhileTheNodeWasOfflineIsRestoredAndReportedWhenItRecovers() {
        String node = scene.iscsiNode("recovering");
        SimDrive drive = storage.driveVolume(A, node);
        storage.provision(drive);
        storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);
        SimVolume volume = scene.stretchedVolume();
        scene.awaitAttached(scene.attach(volume, node));

        storage.send("mooring.nodes", storage.offline(node));
        await().until(() -> api().get("/api/v1/nodes/" + node).jsonPath().getBoolean("offline"));
        sim().admin().removeConnection(A, node, drive.name());
        for (int pass = 0; pass < 3; pass++) {
            api().post("/api/v1/reconciliations").then().statusCode(200);
        }
        // While offline the node's connections are left to the recovery (or the takeover).
        assertThat(connectedHosts(A, drive.name())).isEmpty();

        storage.send("mooring.nodes", storage.recovered(node));

        NodeConnectionsVerified verified = storage.awaitNodes(NodeConnectionsVerified.class,
                e -> e.getNodeName().equals(node), 1).get(0);
        assertThat(verified.getResults()).extracting(c -> c.getKind() + ":" + c.getVolume() + "@" + c.getArray()
                        + "=" + c.getOutcome())
                .containsExactlyInAnyOrder(
                        "drive:" + drive.name() + "@" + A + "=restored",
                        "volume:" + volume.name() + "@" + A + "=present",
                        "volume:" + volume.name() + "@" + B + "=present");
        assertThat(verified.getResults()).extracting(ConnectionCheck::getHost).containsOnly(node);
        assertThat(connectedHosts(A, drive.name())).containsExactly(node);
        assertThat(api().get("/api/v1/nodes/" + node).jsonPath().getBoolean("offline")).isFalse();
    }

    @Test
    void anArrayThatCannotBeReadIsReportedAsFailed() {
        String node = scene.iscsiNode("recovering-fault");
        SimDrive drive = storage.driveVolume(B, node);
        storage.provision(drive);
        storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);
        sim().admin().addFault(dev.mooring.flasharray.sim.admin.FaultSpec.error("GET", "connections", 503, null)
                .onArray(B));

        storage.send("mooring.nodes", storage.recovered(node));

        NodeConnectionsVerified verified = storage.awaitNodes(NodeConnectionsVerified.class,
                e -> e.getNodeName().equals(node), 1).get(0);
        assertThat(verified.getResults()).singleElement().satisfies(c -> {
            assertThat(c.getOutcome()).isEqualTo("failed");
            assertThat(c.getMessage()).contains(B);
        });
    }
}
