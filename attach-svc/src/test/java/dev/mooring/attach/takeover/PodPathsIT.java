package dev.mooring.attach.takeover;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.WithScenes;
import dev.mooring.events.attachments.AttachmentPathChanged;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * An ActiveCluster array goes offline, resyncs and comes back (health-svc's {@code PodArrayStatusChanged}; the link
 * cut itself is health-svc's to observe): the path of an attached stretched volume through that array goes down,
 * stays down while resyncing and comes up once the array is online, each change reported once.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class PodPathsIT extends WithScenes {

    private JsonPath attachment(String id) {
        return api().get("/api/v1/attachments/" + id).then().statusCode(200).extract().jsonPath();
    }

    private String pathState(String id, String array) {
        return attachment(id).getString("paths.find { it.array == '" + array + "' }.state");
    }

    @Test
    void thePathThroughAnArrayFollowsItsPodStatusOfflineResyncingOnline() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("ac");
        String id = scene.attach(volume, node);
        scene.awaitAttached(id);
        assertThat(pathState(id, B)).isEqualTo("up");

        storage.send("mooring.arrays", storage.podStatus(B, "pod1", "offline", "online"));

        AttachmentPathChanged down = scene.awaitEvents(AttachmentPathChanged.class,
                e -> e.getAttachmentId().equals(id), 1).get(0);
        assertThat(down.getArray()).isEqualTo(B);
        assertThat(down.getState()).isEqualTo("down");
        assertThat(down.getReason()).isEqualTo("ArrayOffline");
        assertThat(down.getVolumeId()).isEqualTo(volume.id());
        assertThat(down.getNodeName()).isEqualTo(node);
        JsonPath view = attachment(id);
        assertThat(view.getString("paths.find { it.array == 'array-b' }.stateReason")).isEqualTo("ArrayOffline");
        assertThat(view.getString("paths.find { it.array == 'array-b' }.stateSince")).isNotNull();
        assertThat(pathState(id, A)).isEqualTo("up");

        storage.send("mooring.arrays", storage.podStatus(B, "pod1", "resyncing", "offline"));

        await().until(() -> "ArrayResyncing".equals(attachment(id)
                .getString("paths.find { it.array == 'array-b' }.stateReason")));
        assertThat(pathState(id, B)).isEqualTo("down");

        storage.send("mooring.arrays", storage.podStatus(B, "pod1", "online", "resyncing"));

        scene.awaitEvents(AttachmentPathChanged.class, e -> e.getAttachmentId().equals(id), 2);
        assertThat(scene.events(AttachmentPathChanged.class, e -> e.getAttachmentId().equals(id)))
                .extracting(e -> e.getArray() + ":" + e.getState() + ":" + e.getReason())
                .containsExactly(B + ":down:ArrayOffline", B + ":up:ArrayOnline");
        assertThat(pathState(id, B)).isEqualTo("up");
    }
}
