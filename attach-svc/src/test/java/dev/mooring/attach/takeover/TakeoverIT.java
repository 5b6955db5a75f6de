package dev.mooring.attach.takeover;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.history;
import static dev.mooring.attach.Scene.sim;
import static dev.mooring.attach.StorageScene.assertNeverOnBoth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.WithScenes;
import dev.mooring.attach.StorageScene.SimDrive;
import dev.mooring.events.ArrayConnection;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A storage node is taken over: its host is fenced on every array (and the arrays confirm it) before its drives
 * are connected to the replacement, so that — as the simulator's connection history shows — no drive and no
 * single-writer volume is ever connected to both nodes at once.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class TakeoverIT extends WithScenes {

    /** A storage node with one drive on each array and a single-writer volume attached, and a storageless node. */
    private record Cluster(String failed, String replacement, SimDrive driveA, SimDrive driveB, SimVolume volume,
                           String attachmentId) {
    }

    private Cluster cluster() {
        return cluster(scene.iscsiNode("replacement"));
    }

    private Cluster cluster(String replacement) {
        String failed = scene.iscsiNode("failed");
        SimDrive driveA = storage.driveVolume(A, failed);
        SimDrive driveB = storage.driveVolume(B, failed);
        storage.provision(driveA);
        storage.provision(driveB);
        storage.awaitPools(DriveAttached.class, e -> e.getNodeName().equals(failed), 2);
        SimVolume volume = scene.volume(A);
        String attachment = api().contentType(ContentType.JSON)
                .body(Map.of("volumeId", volume.id(), "nodeName", failed)).post("/api/v1/attachments")
                .then().statusCode(202).extract().path("id");
        await().until(() -> "Attached".equals(api().get("/api/v1/attachments/" + attachment).path("state")));
        assertThat(connectedHosts(A, driveA.name())).containsExactly(failed);
        assertThat(connectedHosts(A, volume.name())).containsExactly(failed);
        return new Cluster(failed, replacement, driveA, driveB, volume, attachment);
    }

    private static void assertInvariant(Cluster c) {
        assertNeverOnBoth(A, c.driveA().name(), c.failed(), c.replacement());
        assertNeverOnBoth(B, c.driveB().name(), c.failed(), c.replacement());
        assertNeverOnBoth(A, c.volume().name(), c.failed(), c.replacement());
    }

    @Test
    void theFailedNodeIsFencedOnEveryArrayBeforeItsDrivesMoveToTheReplacement() {
        Cluster c = cluster();
        NodeTakeoverDecided decided = storage.takeover(c.failed(), c.replacement());

        storage.send("mooring.nodes", decided);

        NodeFenced fenced = storage.awaitNodes(NodeFenced.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        DrivesMoved moved = storage.awaitNodes(DrivesMoved.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        assertThat(fenced.getVerifiedArrays()).containsExactly(A, B);
        assertThat(fenced.getRemoved()).extracting(ArrayConnection::getVolume)
                .containsExactlyInAnyOrder(c.driveA().name(), c.driveB().name(), c.volume().name());
        assertThat(fenced.getRemoved()).extracting(ArrayConnection::getHost).containsOnly(c.failed());
        assertThat(moved.getConnections()).extracting(ArrayConnection::getVolume)
                .containsExactlyInAnyOrder(c.driveA().name(), c.driveB().name());
        assertThat(moved.getConnections()).extracting(ArrayConnection::getHost).containsOnly(c.replacement());
        assertThat(storage.awaitPools(DriveDetached.class, e -> e.getNodeName().equals(c.failed()), 2))
                .allSatisfy(d -> {
                    assertThat(d.getReason()).isEqualTo("Fenced");
                    assertThat(d.getHost()).isEqualTo(c.failed());
                });

        assertThat(connectedHosts(A, c.driveA().name())).containsExactly(c.replacement());
        assertThat(connectedHosts(B, c.driveB().name())).containsExactly(c.replacement());
        assertThat(connectedHosts(A, c.volume().name())).isEmpty();
        // Every connection to the replacement came after the last removal from the failed host.
        long lastFence = sim().admin().connectionHistory(null, c.failed(), null, 0).stream()
                .filter(e -> e.action().equals(ConnectionEvent.DISCONNECT)).mapToLong(ConnectionEvent::seq).max()
                .orElseThrow();
        assertThat(sim().admin().connectionHistory(null, c.replacement(), null, 0))
                .allSatisfy(e -> assertThat(e.seq()).isGreaterThan(lastFence));
        assertInvariant(c);

        // The single-writer volume is free for another node now; the failed node's attachment is fenced.
        assertThat(api().get("/api/v1/attachments/" + c.attachmentId()).jsonPath().getString("failure.reason"))
                .isEqualTo("NodeFenced");
        assertThat(scene.awaitEvents(AttachFailed.class, e -> e.getAttachmentId().equals(c.attachmentId()), 1))
                .singleElement().satisfies(e -> assertThat(e.getFailure().getReason()).isEqualTo("NodeFenced"));
        String again = api().contentType(ContentType.JSON)
                .body(Map.of("volumeId", c.volume().id(), "nodeName", c.replacement())).post("/api/v1/attachments")
                .then().statusCode(202).extract().path("id");
        await().until(() -> "Attached".equals(api().get("/api/v1/attachments/" + again).path("state")));
        assertInvariant(c);

        JsonPath failedView = api().get("/api/v1/nodes/" + c.failed()).then().statusCode(200).extract().jsonPath();
        assertThat(failedView.getBoolean("fenced")).isTrue();
        assertThat(failedView.getString("fences[0].phase")).isEqualTo("Moved");
        assertThat(failedView.getList("drives")).isNull();
        JsonPath replacementView = api().get("/api/v1/nodes/" + c.replacement()).then().statusCode(200).extract()
                .jsonPath();
        assertThat(replacementView.getList("drives.driveName", String.class))
                .containsExactlyInAnyOrder(c.driveA().name(), c.driveB().name());
    }

    @Test
    void aRedeliveredTakeoverFencesAndMovesOnceAndTheReturnedNodeGetsNothingBack() {
        Cluster c = cluster();
        NodeTakeoverDecided decided = storage.takeover(c.failed(), c.replacement());
        storage.send("mooring.nodes", decided);
        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);

        storage.send("mooring.nodes", decided);                                     // redelivered
        storage.send("mooring.nodes", storage.announcedAgain(decided));
        // The failed node comes back: same key, so handled after the two above.
        storage.send("mooring.nodes", storage.recovered(c.failed()));
        NodeConnectionsVerified verified = storage.awaitNodes(NodeConnectionsVerified.class,
                e -> e.getNodeName().equals(c.failed()), 1).get(0);
        for (int pass = 0; pass < 3; pass++) {
            api().post("/api/v1/reconciliations").then().statusCode(200);
        }

        assertThat(verified.getResults()).isEmpty(); // it owns nothing any more
        assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                .hasSize(1);
        assertThat(storage.nodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                .hasSize(1);
        assertThat(history(A, c.replacement(), c.driveA().name(), ConnectionEvent.CONNECT)).hasSize(1);
        assertThat(history(A, c.failed(), c.driveA().name(), ConnectionEvent.DISCONNECT)).hasSize(1);
        assertThat(history(A, c.failed(), null, ConnectionEvent.CONNECT)).hasSize(2);  // before the failure only
        assertThat(connectedHosts(A, c.driveA().name())).containsExactly(c.replacement());
        assertInvariant(c);
    }

    @Test
    void anArrayThatFailsMidFenceHoldsTheReplacementBackUntilTheFenceIsConfirmed() {
        Cluster c = cluster();
        String fault = sim().admin().addFault(FaultSpec.error("DELETE", "connections", 503, null).onArray(B));
        NodeTakeoverDecided decided = storage.takeover(c.failed(), c.replacement());

        storage.send("mooring.nodes", decided);

        NodeFencingFailed failed = storage.awaitNodes(NodeFencingFailed.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        assertThat(failed.getFailure().getRetryable()).isTrue();
        assertThat(failed.getFailure().getMessage()).contains("array " + B);
        await().until(() -> connectedHosts(A, c.driveA().name()).isEmpty()); // array A is fenced meanwhile
        assertThat(connectedHosts(B, c.driveB().name())).containsExactly(c.failed());
        storage.awaitNodes(NodeFencingFailed.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 2);
        assertThat(sim().admin().connectionHistory(null, c.replacement(), null, 0)).isEmpty();
        assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()))).isEmpty();
        JsonPath view = api().get("/api/v1/nodes/" + c.failed()).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("fences[0].phase")).isEqualTo("Fencing");
        assertThat(view.getString("fences[0].lastFailure")).contains(B);

        sim().admin().removeFault(fault);

        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                .singleElement().satisfies(f -> assertThat(f.getRemoved()).extracting(ArrayConnection::getVolume)
                        .containsExactlyInAnyOrder(c.driveA().name(), c.driveB().name(), c.volume().name()));
        assertThat(connectedHosts(A, c.driveA().name())).containsExactly(c.replacement());
        assertThat(connectedHosts(B, c.driveB().name())).containsExactly(c.replacement());
        assertInvariant(c);
    }

    @Test
    void aFencedTakeoverWhoseReplacementCannotBeConnectedYetIsResumedWhenItCan() {
        String replacement = scene.nodeName("replacement-bare");
        scene.node(replacement, Map.of());
        Cluster c = cluster(replacement);
        NodeTakeoverDecided decided = storage.takeover(c.failed(), c.replacement());

        storage.send("mooring.nodes", decided);

        storage.awaitNodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        await().until(() -> {
            JsonPath view = api().get("/api/v1/nodes/" + c.failed()).jsonPath();
            return "Fenced".equals(view.getString("fences[0].phase"))
                    && view.getString("fences[0].lastFailure") != null;
        });
        assertThat(api().get("/api/v1/nodes/" + c.failed()).jsonPath().getString("fences[0].lastFailure"))
                .contains(c.replacement()).contains("IQN");
        assertThat(connectedHosts(A, c.driveA().name())).isEmpty();
        assertThat(connectedHosts(B, c.driveB().name())).isEmpty();
        assertThat(storage.nodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                .isEmpty();

        scene.annotate(c.replacement(), Map.of("mooring.dev/iscsi-iqn", Scene.iqnOf(c.replacement())));

        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        assertThat(connectedHosts(A, c.driveA().name())).containsExactly(c.replacement());
        assertThat(connectedHosts(B, c.driveB().name())).containsExactly(c.replacement());
        assertThat(api().get("/api/v1/drives?nodeName=" + c.replacement()).jsonPath()
                .getList("state", String.class)).containsOnly("Attached");
        assertInvariant(c);
    }

    @Test
    void aDriveAnnouncedBeforeTheTakeoverButSeenAfterItGoesToTheReplacement() {
        Cluster c = cluster();
        NodeTakeoverDecided decided = storage.takeover(c.failed(), c.replacement());
        storage.send("mooring.nodes", decided);
        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        SimDrive late = storage.driveVolume(A, c.failed());

        storage.provision(late, decided.getLastHeartbeatAt());

        DriveAttached attached = storage.awaitPools(DriveAttached.class,
                e -> e.getDriveName().equals(late.name()), 1).get(0);
        assertThat(attached.getNodeName()).isEqualTo(c.replacement());
        assertThat(connectedHosts(A, late.name())).containsExactly(c.replacement());
        assertThat(history(A, c.failed(), late.name(), ConnectionEvent.CONNECT)).isEmpty();
    }
}
