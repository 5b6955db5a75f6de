package dev.mooring.attach.kube;

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
import dev.mooring.events.ArrayPath;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a cluster sees: a pod's volume becomes a VolumeAttachment for {@code pxd.portworx.com}, attach-svc connects
 * the volume to the node's host on every array that serves it and marks the VolumeAttachment attached with the
 * paths and device; deleting the VolumeAttachment detaches it everywhere before it is let go.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class VolumeAttachmentIT {

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
    void anIscsiNodeGetsTheVolumeWithLunTargetsAndDevice() {
        SimVolume volume = scene.volume(A);
        String node = scene.iscsiNode("worker");

        String va = scene.attach(volume, node);

        VolumeAttachment attached = scene.awaitAttached(va);
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
        assertThat(sim().fleet().hostInfos(A)).filteredOn(h -> h.name().equals(node)).singleElement()
                .satisfies(h -> assertThat(h.iqns()).containsExactly(Scene.iqnOf(node)));
        Map<String, String> metadata = attached.getStatus().getAttachmentMetadata();
        int lun = Scene.connections(A, volume.name()).get(0).lun();
        assertThat(metadata)
                .containsEntry("arrays", A)
                .containsEntry(A + ".host", node)
                .containsEntry(A + ".protocol", "iscsi")
                .containsEntry(A + ".lun", Integer.toString(lun))
                .containsEntry("wwid", volume.wwid())
                .containsEntry("devicePath", "/dev/mapper/" + volume.wwid())
                .containsKey(A + ".targetIqn")
                .containsKey(A + ".portals");
        assertThat(metadata.get(A + ".targetIqn")).startsWith("iqn.2010-06.com.purestorage:flasharray.");
        assertThat(metadata.get(A + ".portals")).contains(":3260");
        assertThat(metadata.get("byIdPaths")).contains("/dev/disk/by-id/wwn-0x624a9370"
                + volume.serial().toLowerCase());
        assertThat(attached.getMetadata().getFinalizers()).contains("mooring.dev/attach");

        VolumeAttached event = scene.awaitEvents(VolumeAttached.class, e -> e.getAttachmentId().equals(va), 1).get(0);
        assertThat(event.getVolumeId()).isEqualTo(volume.id());
        assertThat(event.getNodeName()).isEqualTo(node);
        assertThat(event.getDevice().getWwid()).isEqualTo(volume.wwid());
        assertThat(event.getPaths()).singleElement().satisfies(p -> {
            assertThat(p.getArray()).isEqualTo(A);
            assertThat(p.getProtocol()).isEqualTo("iscsi");
            assertThat(p.getLun()).isEqualTo(lun);
            assertThat(p.getPortals()).isNotEmpty();
            assertThat(p.getTargetWwns()).isEmpty();
        });
    }

    @Test
    void aStretchedPodVolumeIsConnectedOnBothArraysAndDetachedFromBoth() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("worker");

        String va = scene.attach(volume, node);

        Map<String, String> metadata = scene.awaitAttached(va).getStatus().getAttachmentMetadata();
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
        assertThat(connectedHosts(B, volume.name())).containsExactly(node);
        assertThat(metadata).containsEntry("arrays", A + "," + B)
                .containsEntry(A + ".protocol", "iscsi").containsEntry(B + ".protocol", "iscsi")
                .containsKey(B + ".lun").containsKey(B + ".targetIqn");
        assertThat(metadata.get(A + ".targetIqn")).isNotEqualTo(metadata.get(B + ".targetIqn"));
        List<ArrayPath> paths = scene.awaitEvents(VolumeAttached.class, e -> e.getAttachmentId().equals(va), 1)
                .get(0).getPaths();
        assertThat(paths).extracting(ArrayPath::getArray).containsExactly(A, B);

        scene.deleteVa(va);

        VolumeDetached detached = scene.awaitEvents(VolumeDetached.class, e -> e.getAttachmentId().equals(va), 1)
                .get(0);
        assertThat(detached.getArrays()).containsExactly(A, B);
        assertThat(connectedHosts(A, volume.name())).isEmpty();
        assertThat(connectedHosts(B, volume.name())).isEmpty();
        await().until(() -> scene.va(va) == null);
        for (String array : List.of(A, B)) {
            assertThat(history(array, node, volume.name(), ConnectionEvent.CONNECT)).hasSize(1);
            assertThat(history(array, node, volume.name(), ConnectionEvent.DISCONNECT)).hasSize(1);
        }
        api().get("/api/v1/attachments/" + va).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("Detached"));
    }

    @Test
    void aSecondNodeIsRefusedNamingTheHolderAndGetsTheVolumeOnceItIsDetachedThere() {
        SimVolume volume = scene.volume(A);
        String first = scene.iscsiNode("first");
        String second = scene.iscsiNode("second");
        String held = scene.attach(volume, first);
        scene.awaitAttached(held);

        String refused = scene.attach(volume, second);

        String error = scene.awaitAttachError(refused);
        assertThat(error).startsWith("HeldByAnotherNode").contains("attached to node " + first);
        AttachFailed failed = scene.awaitEvents(AttachFailed.class, e -> e.getAttachmentId().equals(refused), 1).get(0);
        assertThat(failed.getFailure().getReason()).isEqualTo("HeldByAnotherNode");
        assertThat(failed.getFailure().getMessage()).contains(first);
        assertThat(connectedHosts(A, volume.name())).containsExactly(first);

        scene.deleteVa(held);

        scene.awaitAttached(refused);
        assertThat(connectedHosts(A, volume.name())).containsExactly(second);
        assertThat(scene.va(refused).getStatus().getAttachError()).isNull();
    }

    @Test
    void aReadWriteManyBlockVolumeMayBeOnTwoNodesAtOnce() {
        SimVolume volume = scene.volume(A, null, List.of("ReadWriteMany"), "Block");
        String source = scene.iscsiNode("migrate-from");
        String target = scene.iscsiNode("migrate-to");

        String first = scene.attach(volume, source);
        scene.awaitAttached(first);
        String second = scene.attach(volume, target);
        scene.awaitAttached(second);

        assertThat(connectedHosts(A, volume.name())).containsExactlyInAnyOrder(source, target);
        scene.deleteVa(first);
        await().until(() -> connectedHosts(A, volume.name()).equals(List.of(target)));
    }

    @Test
    void aFibreChannelNodeGetsTheArraysTargetWwns() {
        SimVolume volume = scene.volume(B);
        String node = scene.nodeName("fc");
        scene.node(node, Map.of("mooring.dev/fc-wwns", "21:00:00:24:ff:" + hex2(node) + ":00:01, 2100002" + "4FF" + hex2(node)
                + "0002"));

        String va = scene.attach(volume, node);

        Map<String, String> metadata = scene.awaitAttached(va).getStatus().getAttachmentMetadata();
        assertThat(metadata).containsEntry(B + ".protocol", "fc").doesNotContainKey(B + ".targetIqn");
        assertThat(metadata.get(B + ".targetWwns")).startsWith("52:4A:93:7");
        assertThat(sim().fleet().hostInfos(B)).filteredOn(h -> h.name().equals(node)).singleElement()
                .satisfies(h -> assertThat(h.wwns()).hasSize(2).allMatch(w -> w.matches("[0-9A-F]{16}")));
    }

    @Test
    void anInitiatorThatAnotherHostHasIsAClearErrorNamingBothHosts() {
        SimVolume volume = scene.volume(A);
        String node = scene.nodeName("clash");
        String legacy = "legacy-" + node;
        Scene.foreignHost(A, legacy, List.of(Scene.iqnOf(node)));
        scene.node(node, Map.of("mooring.dev/iscsi-iqn", Scene.iqnOf(node)));

        String va = scene.attach(volume, node);

        String error = scene.awaitAttachError(va);
        assertThat(error).startsWith("InitiatorInUse").contains(Scene.iqnOf(node), "host " + legacy,
                "host " + node, A);
        AttachFailed failed = scene.awaitEvents(AttachFailed.class, e -> e.getAttachmentId().equals(va), 1).get(0);
        assertThat(failed.getFailure().getReason()).isEqualTo("InitiatorInUse");
        assertThat(sim().fleet().hostInfos(A)).extracting(h -> h.name()).doesNotContain(node);
        assertThat(connectedHosts(A, volume.name())).isEmpty();
    }

    @Test
    void initiatorsThatChangeAreChangedOnTheHosts() {
        SimVolume volume = scene.stretchedVolume();
        String node = scene.iscsiNode("renamed");
        scene.awaitAttached(scene.attach(volume, node));
        String newIqn = Scene.iqnOf(node) + "-new";

        scene.annotate(node, Map.of("mooring.dev/iscsi-iqn", newIqn));

        for (String array : List.of(A, B)) {
            await().until(() -> sim().fleet().hostInfos(array).stream()
                    .anyMatch(h -> h.name().equals(node) && h.iqns().equals(List.of(newIqn))));
        }
        api().get("/api/v1/nodes/" + node).then().statusCode(200)
                .body("source", org.hamcrest.Matchers.equalTo("Annotation"))
                .body("iqns", org.hamcrest.Matchers.contains(newIqn));
    }

    @Test
    void aNodeWithoutInitiatorsWaitsAndIsAttachedWhenItsAgentReportsThem() {
        SimVolume volume = scene.volume(A);
        String node = scene.nodeName("agent");
        scene.node(node, Map.of());

        String va = scene.attach(volume, node);

        assertThat(scene.awaitAttachError(va)).startsWith("NoInitiators").contains(node, "mooring.dev/iscsi-iqn");
        api().contentType("application/json").body(Map.of("iqns", List.of(Scene.iqnOf(node))))
                .post("/api/v1/nodes/" + node + "/initiators").then().statusCode(200)
                .body("source", org.hamcrest.Matchers.equalTo("Agent"));

        scene.awaitAttached(va);
        assertThat(connectedHosts(A, volume.name())).containsExactly(node);
    }

    private static String hex2(String text) {
        return String.format("%02X", Math.abs(text.hashCode()) % 256);
    }
}
