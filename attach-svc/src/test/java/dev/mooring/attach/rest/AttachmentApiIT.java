package dev.mooring.attach.rest;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.events.attachments.VolumeDetached;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Integrations and node agents attach and detach through {@code /api/v1/attachments} and report initiators. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class AttachmentApiIT {

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
    void attachReadAndDetachThroughTheApi() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("api");

        String id = api().contentType("application/json").body(Map.of("volumeId", volume.id(), "nodeName", node))
                .post("/api/v1/attachments").then().statusCode(202)
                .header("Location", containsString("/api/v1/attachments/"))
                .body("state", equalTo("Requested")).body("source", equalTo("api"))
                .extract().path("id");

        JsonPath attached = awaitState(id, "Attached");
        assertThat(attached.getList("paths.array", String.class)).containsExactly(A, B);
        assertThat(attached.getList("paths.protocol", String.class)).containsOnly("iscsi");
        assertThat(attached.getString("device.wwid")).isEqualTo(volume.wwid());
        assertThat(attached.getString("device.mapperPath")).isEqualTo("/dev/mapper/" + volume.wwid());
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
        assertThat(connectedHosts(B, volume.name())).containsExactly(node);
        AttachRequested requested = scene.awaitEvents(AttachRequested.class, e -> e.getAttachmentId().equals(id), 1)
                .get(0);
        assertThat(requested.getSource()).isEqualTo("api");

        api().contentType("application/json").body(Map.of("volumeId", volume.id(), "nodeName", node))
                .post("/api/v1/attachments").then().statusCode(200).body("id", equalTo(id));
        api().get("/api/v1/attachments?volumeId=" + volume.id()).then().statusCode(200).body("id", hasItem(id));

        api().delete("/api/v1/attachments/" + id).then().statusCode(202).body("state", equalTo("Detaching"));

        awaitState(id, "Detached");
        assertThat(connectedHosts(A, volume.name())).isEmpty();
        assertThat(connectedHosts(B, volume.name())).isEmpty();
        scene.awaitEvents(DetachRequested.class, e -> e.getAttachmentId().equals(id), 1);
        assertThat(scene.awaitEvents(VolumeDetached.class, e -> e.getAttachmentId().equals(id), 1).get(0).getArrays())
                .containsExactly(A, B);
        api().get("/api/v1/nodes/" + node).then().statusCode(200)
                .body("hosts.array", org.hamcrest.Matchers.containsInAnyOrder(A, B))
                .body("hosts.origin", org.hamcrest.Matchers.everyItem(equalTo("created")));
    }

    @Test
    void aSecondNodeIsRefusedThroughTheApiToo() {
        SimVolume volume = scene.volume(A);
        String first = scene.iscsiNode("api-first");
        String second = scene.iscsiNode("api-second");
        String held = post(volume, first);
        awaitState(held, "Attached");

        String refused = post(volume, second);

        JsonPath failed = awaitState(refused, "Failed");
        assertThat(failed.getString("failure.reason")).isEqualTo("HeldByAnotherNode");
        assertThat(failed.getString("failure.message")).contains("attached to node " + first);
        assertThat(failed.getBoolean("failure.retryable")).isTrue();
        assertThat(connectedHosts(A, volume.name())).containsExactly(first);

        api().delete("/api/v1/attachments/" + held).then().statusCode(202);
        awaitState(held, "Detached");
        api().contentType("application/json").body(Map.of("volumeId", volume.id(), "nodeName", second))
                .post("/api/v1/attachments").then().statusCode(202).body("id", equalTo(refused));
        awaitState(refused, "Attached");
        assertThat(connectedHosts(A, volume.name())).containsExactly(second);
    }

    @Test
    void anAgentReportsInitiatorsButAnnotationsWin() {
        String node = scene.nodeName("agent");

        api().contentType("application/json").body(Map.of("iqns", List.of(Scene.iqnOf(node)),
                        "wwns", List.of("21:00:00:24:ff:3a:4f:1c")))
                .post("/api/v1/nodes/" + node + "/initiators").then().statusCode(200)
                .body("source", equalTo("Agent"))
                .body("wwns", hasItem("21000024FF3A4F1C"));
        scene.node(node + "-k", Map.of());
        scene.annotate(node + "-k", Map.of("mooring.dev/iscsi-iqn", Scene.iqnOf(node) + "-annotated"));
        api().contentType("application/json").body(Map.of("iqns", List.of(Scene.iqnOf(node) + "-agent")))
                .post("/api/v1/nodes/" + node + "-k/initiators").then().statusCode(200);

        await().until(() -> "Annotation".equals(api().get("/api/v1/nodes/" + node + "-k").path("source")));
        api().get("/api/v1/nodes/" + node + "-k").then()
                .body("iqns", org.hamcrest.Matchers.contains(Scene.iqnOf(node) + "-annotated"))
                .body("agent.iqns", org.hamcrest.Matchers.contains(Scene.iqnOf(node) + "-agent"));
    }

    @Test
    void badRequestsAreRefusedWithTheFieldNamed() {
        SimVolume volume = scene.volume(A);

        api().contentType("application/json").body(Map.of("volumeId", volume.id(), "nodeName", "Not_A_Node"))
                .post("/api/v1/attachments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("nodeName"));
        api().contentType("application/json").body(Map.of("volumeId", "no-such-volume", "nodeName", "n1"))
                .post("/api/v1/attachments").then().statusCode(404)
                .body("detail", containsString("has not heard of volume no-such-volume"));
        api().get("/api/v1/attachments/nope").then().statusCode(404);
        api().delete("/api/v1/attachments/nope").then().statusCode(404);
        api().get("/api/v1/attachments?state=Sideways").then().statusCode(400).body("errors[0].field", equalTo("state"));
        api().contentType("application/json").body(Map.of("iqns", List.of("not-an-iqn")))
                .post("/api/v1/nodes/n1/initiators").then().statusCode(400)
                .body("errors[0].field", equalTo("iqns")).body("errors[0].reason", containsString("not-an-iqn"));
    }

    @Test
    void anAttachmentOfAVolumeAttachmentIsDetachedByDeletingTheVolumeAttachment() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("owned");
        String va = scene.attach(volume, node);
        scene.awaitAttached(va);

        api().delete("/api/v1/attachments/" + va).then().statusCode(409)
                .body("detail", containsString("delete the VolumeAttachment"));
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
    }

    private static String post(SimVolume volume, String node) {
        return api().contentType("application/json").body(Map.of("volumeId", volume.id(), "nodeName", node))
                .post("/api/v1/attachments").then().statusCode(202).extract().path("id");
    }

    private static JsonPath awaitState(String id, String state) {
        await().until(() -> state.equals(api().get("/api/v1/attachments/" + id).path("state")));
        return api().get("/api/v1/attachments/" + id).then().statusCode(200).extract().jsonPath();
    }
}
