package dev.mooring.attach.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two attach-svc instances watch the same VolumeAttachments: one's write (the finalizer) can change the object
 * between the other's read and its status write, which the API server refuses with 409 Conflict. The status must
 * still land — a VolumeAttachment never marked attached leaves the kubelet waiting — so the write is made again on
 * the object as it is now.
 */
class VolumeAttachmentWriterConflictTest {

    private static final String PATH = "/apis/storage.k8s.io/v1/volumeattachments/csi-1";

    private KubernetesMockServer server;
    private VolumeAttachmentWriter writer;

    @BeforeEach
    void startTheApiServer() {
        server = new KubernetesMockServer(false);
        server.init();
        writer = new VolumeAttachmentWriter();
        writer.client = server.createClient();
        VolumeAttachment va = new VolumeAttachmentBuilder().withNewMetadata().withName("csi-1").withResourceVersion("7")
                .endMetadata().withNewSpec().withAttacher("pxd.portworx.com").withNodeName("worker-1").withNewSource()
                .withPersistentVolumeName("pv-1").endSource().endSpec().build();
        server.expect().get().withPath(PATH).andReturn(200, va).always();
        server.expect().get().withPath(PATH + "/status").andReturn(200, va).always();
    }

    @AfterEach
    void stopTheApiServer() {
        writer.client.close();
        server.destroy();
    }

    @Test
    void aStatusRefusedForAConflictIsWrittenAgainOnTheCurrentObject() throws InterruptedException {
        server.expect().patch().withPath(PATH + "/status").andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("the object has been modified").build()).times(2);
        server.expect().patch().withPath(PATH + "/status").andReturn(200, new VolumeAttachmentBuilder()
                .withNewMetadata().withName("csi-1").endMetadata().withNewStatus().withAttached(true).endStatus().build())
                .once();

        writer.attached("csi-1", Map.of("serial", "6c1b16ce1c034d1c00000001"));

        List<RecordedRequest> patches = patches();
        assertThat(patches).hasSize(3);
        assertThat(patches.get(2).getBody().readUtf8()).contains("\"attached\":true").contains("6c1b16ce1c034d1c00000001");
    }

    @Test
    void aConflictThatNeverEndsIsGivenUpAfterAFewAttempts() throws InterruptedException {
        server.expect().patch().withPath(PATH + "/status").andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("the object has been modified").build()).always();

        writer.attached("csi-1", Map.of("serial", "6c1b16ce1c034d1c00000001"));

        assertThat(patches()).hasSize(5);
    }

    private List<RecordedRequest> patches() throws InterruptedException {
        List<RecordedRequest> patches = new ArrayList<>();
        int count = server.getRequestCount();
        for (int i = 0; i < count; i++) {
            RecordedRequest request = server.takeRequest();
            if ("PATCH".equals(request.getMethod())) {
                patches.add(request);
            }
        }
        return patches;
    }
}
