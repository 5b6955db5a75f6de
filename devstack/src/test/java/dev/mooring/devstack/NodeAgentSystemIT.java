package dev.mooring.devstack;

import dev.mooring.agent.csi.CsiClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.agent.csi.v1.GetPluginInfoRequest;
import dev.mooring.agent.csi.v1.NodeGetInfoRequest;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsRequest;
import dev.mooring.agent.csi.v1.ProbeRequest;
import dev.mooring.flasharray.client.model.Connection;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host half with every other part running: the node agent of {@code worker-1} (its own process, on a simulated
 * host whose devices the simulator's connections bring to life as loop devices) beside the four services, two
 * instances each. The real {@code kubectl} applies the seed's StorageClass and the claims; a VolumeAttachment is
 * created as the attach/detach controller creates it; the test then does what the kubelet does — calls the agent's
 * {@code NodeStageVolume} and {@code NodePublishVolume} over its socket with the attachment's publish context — and
 * uses the published path as a pod would. Afterwards nothing is left: no map, no loop device, no mount, no
 * connection on either array. A connection removed by hand on an array during use is reported on the Node and healed
 * once it is back.
 */
@SystemTest
class NodeAgentSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NODE = "worker-1";
    private static final List<String> ARRAYS = List.of("array-a", "array-b");

    private static SystemStack system;
    private static Kubectl kubectl;
    private static SimulatedArrays arrays;
    private static NodeAgents.RunningAgent agent;
    private static CsiClient csi;
    private static PretendKubelet kubelet;
    private static Path manifests;

    @BeforeAll
    static void startTheStackWithANodeAgent() throws IOException {
        system = SystemStack.start("node-agent", options -> options.nodeAgents(NODE), Map.of(
                // The connections are repaired by hand in this story, not by attach-svc's reconciler.
                "attach-svc", Map.of("mooring.attach.reconcile.interval", "1h"),
                NodeAgents.NAME, Map.of("mooring.agent.heal.interval", "1s")));
        Stack stack = system.stack;
        agent = stack.nodeAgent(NODE);
        arrays = SimulatedArrays.connect(stack, 4);
        Path work = Stack.findRoot().resolve("devstack/target/system-test-node-agent");
        kubectl = new Kubectl(stack.kubeconfig(), work.resolve("kubectl-cache"));
        kubelet = new PretendKubelet(work.resolve("kubelet"));
        manifests = Files.createDirectories(work.resolve("manifests"));
        csi = new CsiClient(agent.socket());
        // The node as its kubelet registers it, with its zone.
        kubectl.run("apply", "-f", manifest("node.yaml", """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels:
                    kubernetes.io/hostname: %s
                    topology.kubernetes.io/region: region-1
                    topology.kubernetes.io/zone: zone-a
                """.formatted(NODE, NODE)).toString()).ok();
        // The seed's StorageClass (000_…), with the simulator's stretched pod.
        kubectl.run("apply", "-f", manifest("fada-activecluster-sc.yaml", Files.readString(Stack.findRoot()
                .resolve("k8s/samples/fada-activecluster-sc.yaml")).replace("<your-stretched-pod-name>", "pod1"))
                .toString()).ok();
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (csi != null) {
                csi.close();
            }
            if (arrays != null) {
                arrays.close();
            }
            if (kubelet != null) {
                NodeAgents.releaseEverythingUnder(kubelet.root());
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
    }

    @Test
    void theAgentAnswersAsTheDriverAndReportsItsNodesFactsToTheServices() {
        assertThat(csi.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance()).getName())
                .isEqualTo(PretendKubelet.DRIVER);
        assertThat(csi.identity().probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
        var info = csi.node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
        assertThat(info.getNodeId()).isEqualTo(NODE);
        assertThat(info.getAccessibleTopology().getSegmentsMap()).containsEntry("px/zone", "zone-a")
                .containsEntry("px/region", "region-1");

        // Its initiator, read from the host's /etc/iscsi/initiatorname.iscsi, is what attach-svc connects.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(system.api("attach-svc").call("GET", "/api/v1/nodes/" + NODE,
                null).json().path("agent").path("iqns").toString()).contains(agent.iqn()));
        // Its heartbeats reach health-svc.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(system.api("health-svc").call("GET", "/api/v1/nodes/" + NODE,
                null).json().path("lastHeartbeatAt").asText()).isNotBlank());
    }

    @Test
    void theAgentsOwnCredentialOpensItsOwnNodesOperationsAndNothingElse() throws IOException {
        // What the agent shows the services: its pod's ServiceAccount token, as the kubelet projects it.
        String token = Files.readString(agent.dir().resolve("token")).trim();
        Stack stack = system.stack;
        MooringApi health = new MooringApi(stack.service("health-svc").baseUrl(), token);
        MooringApi attach = new MooringApi(stack.service("attach-svc").baseUrl(), token);
        MooringApi topology = new MooringApi(stack.service("topology-svc").baseUrl(), token);
        MooringApi provisioner = new MooringApi(stack.service("provisioner-svc").baseUrl(), token);

        // Its own node: heartbeat, initiators, px_env, its attachments.
        assertThat(health.call("POST", "/api/v1/nodes/" + NODE + "/heartbeat", null).status()).isBetween(200, 204);
        assertThat(attach.call("GET", "/api/v1/attachments?nodeName=" + NODE, null).status()).isEqualTo(200);
        assertThat(topology.call("POST", "/api/v1/nodes/" + NODE + "/px-env", "{}").status()).isEqualTo(202);

        // Another node: refused, saying why.
        Http.Answer forOther = health.call("POST", "/api/v1/nodes/worker-2/heartbeat", null);
        assertThat(forOther.status()).isEqualTo(403);
        assertThat(forOther.json().path("detail").asText())
                .isEqualTo("the node agent of worker-1 may act for its own node only, not for worker-2");
        assertThat(attach.call("POST", "/api/v1/nodes/worker-2/initiators",
                "{\"iqns\":[\"iqn.1994-05.com.redhat:stolen\"]}").status()).isEqualTo(403);
        assertThat(attach.call("GET", "/api/v1/attachments?nodeName=worker-2", null).status()).isEqualTo(403);
        assertThat(attach.call("GET", "/api/v1/attachments", null).status()).isEqualTo(403);

        // What only administrators do: create a volume, attach one, fence a node. provisioner-svc has nothing for
        // agents and does not even ask whose the token is (no TokenReview right): to it, the token is no token.
        assertThat(provisioner.call("POST", "/api/v1/volumes", "{\"name\":\"stolen\",\"size\":\"1Gi\"}").status())
                .isEqualTo(401);
        assertThat(attach.call("POST", "/api/v1/attachments", "{\"volumeId\":\"x\",\"nodeName\":\"" + NODE + "\"}")
                .status()).isEqualTo(403);
        assertThat(attach.call("POST", "/api/v1/nodes/worker-2/fence/override", "{}").status()).isEqualTo(403);

        // A token the API server never issued is nobody's.
        assertThat(new MooringApi(stack.service("health-svc").baseUrl(), token + "x")
                .call("POST", "/api/v1/nodes/" + NODE + "/heartbeat", null).status()).isEqualTo(401);
    }

    @Test
    void aForgedTakeoverIsRefusedByTheBrokerFromOutsideAndDeadLetteredFromAnotherService() throws Exception {
        // "Fence worker-1 and hand its drives to worker-9": the event that would take every volume of a node.
        ForgedTakeover forged = ForgedTakeover.of(NODE, "worker-9");

        // From outside, without TLS and credentials: the broker gives nothing.
        Map<String, Object> outsider = Map.of("bootstrap.servers", system.stack.kafkaBootstrap(),
                "max.block.ms", 3000, "delivery.timeout.ms", 3000, "request.timeout.ms", 2000);
        assertThatThrownBy(() -> forged.sendWith(outsider)).isInstanceOf(Exception.class);

        // With topology-svc's credentials (it may write mooring.nodes): delivered, and dead-lettered unhandled by
        // every consumer, since only health-svc decides takeovers.
        forged.sendWith(system.stack.kafkaClientSettingsOf("topology-svc"));
        String eventId = forged.eventId();
        for (String service : List.of("attach-svc", "provisioner-svc")) {
            await().atMost(DEADLINE).untilAsserted(() -> {
                JsonNode letters = system.api(service).call("GET", "/api/v1/dead-letters", null).json();
                assertThat(letters.findValues("eventId").stream().map(JsonNode::asText)).as(service).contains(eventId);
                assertThat(letters.toString()).contains("forged origin: NodeTakeoverDecided claims source 'topology-svc'");
            });
        }
        // Nothing was done: no takeover of worker-1 at attach-svc, its hosts not fenced.
        JsonNode node = system.api("attach-svc").call("GET", "/api/v1/nodes/" + NODE, null).json();
        assertThat(node.path("fences").size()).isZero();
        assertThat(node.path("hostFence").path("fenced").asBoolean(false)).isFalse();
    }

    @Test
    void aClaimIsStagedPublishedWrittenAndReleasedAsTheKubeletDoesItAndNothingIsLeft() throws IOException {
        PersistentVolume pv = boundVolume("app-data", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: app-data
                  namespace: default
                spec:
                  storageClassName: fada-activecluster-sc
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 2Gi
                """);
        String arrayVolume = arrayVolumeOf(pv);
        String wwid = "3624a9370" + arrays.find("array-a", arrayVolume).orElseThrow().serial().toLowerCase();
        String pod = UUID.randomUUID().toString();

        // The attach/detach controller's VolumeAttachment; the kubelet stages and publishes once it is attached.
        VolumeAttachment attachment = attachStageAndPublish(pv, pod, "the node's first volume");

        // The pod writes through its path; the map is the volume's, by WWID, on a loop device of the simulated host.
        Path target = kubelet.targetPath(pv, pod);
        Files.writeString(target.resolve("hello.txt"), "written through the published path\n");
        assertThat(Files.isSymbolicLink(agent.mapperDir().resolve(wwid))).isTrue();
        assertThat(NodeAgents.mountsUnder(kubelet.root())).hasSize(2);
        assertThat(Files.readString(kubelet.stagingPath(pv).resolve("hello.txt")))
                .as("the publish is a bind mount of the staged filesystem").isEqualTo("written through the published path\n");

        // Again, as the kubelet repeats calls after a restart: the same answers, nothing done twice.
        csi.node().nodeStageVolume(kubelet.stage(pv, attachment));
        csi.node().nodePublishVolume(kubelet.publish(pv, attachment, "app-0", pod, false));
        assertThat(NodeAgents.mountsUnder(kubelet.root())).hasSize(2);

        // The pod ends: unpublished, unstaged, detached. No mount, map, loop device or connection is left.
        csi.node().nodeUnpublishVolume(kubelet.unpublish(pv, pod));
        csi.node().nodeUnstageVolume(kubelet.unstage(pv));
        assertThat(NodeAgents.mountsUnder(kubelet.root())).isEmpty();
        assertThat(agent.mapperDir().resolve(wwid)).doesNotExist();
        assertThat(loopsOf(wwid)).isEmpty();
        detach(attachment);
        for (String array : ARRAYS) {
            assertThat(connectionsOf(array, arrayVolume)).as("connections of %s on %s", arrayVolume, array).isEmpty();
        }

        // Attached, staged and published once more (another pod, later): the filesystem is found, never formatted again.
        String nextPod = UUID.randomUUID().toString();
        VolumeAttachment again = attachStageAndPublish(pv, nextPod, "again, sessions and clients warm");
        assertThat(Files.readString(kubelet.targetPath(pv, nextPod).resolve("hello.txt")))
                .isEqualTo("written through the published path\n");
        csi.node().nodeUnpublishVolume(kubelet.unpublish(pv, nextPod));
        csi.node().nodeUnstageVolume(kubelet.unstage(pv));
        detach(again);
        assertThat(loopsOf(wwid)).isEmpty();
        assertThat(system.stack.exitedUnexpectedly()).isEmpty();
    }

    @Test
    void aConnectionRemovedByHandDuringUseIsReportedOnTheNodeAndHealedOnceItIsBack() throws Exception {
        // The seed's KubeVirt disk: k8s/samples/pvc.yaml, raw block, ReadWriteMany.
        PersistentVolume pv = boundVolume("vm-disk", Files.readString(Stack.findRoot().resolve("k8s/samples/pvc.yaml")));
        String arrayVolume = arrayVolumeOf(pv);
        String wwid = "3624a9370" + arrays.find("array-a", arrayVolume).orElseThrow().serial().toLowerCase();
        String pod = UUID.randomUUID().toString();
        VolumeAttachment attachment = attach(pv);
        csi.node().nodeStageVolume(kubelet.stage(pv, attachment));
        csi.node().nodePublishVolume(kubelet.publish(pv, attachment, "virt-launcher-vm-0", pod, false));
        Path device = kubelet.targetPath(pv, pod);
        byte[] first = randomBytes(1);
        writeAndSync(device, 0, first);
        assertThat(condition(pv, pod).getAbnormal()).isFalse();

        // Someone removes the volume's connection on array-a by hand.
        Connection removed = connectionsOf("array-a", arrayVolume).get(0);
        arrays.client("array-a").connections().disconnectHost(removed.hostName(), arrayVolume).await()
                .atMost(Duration.ofSeconds(10));

        // The agent notices: a Warning on the Node, a metric, an abnormal volume condition. I/O goes on through array-b.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(nodeEvents("PathsDegraded"))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains(wwid);
                }));
        assertThat(Http.get(agent.baseUrl() + "/q/metrics").body())
                .containsPattern("mooring_agent_drifts_total\\{[^}]*kind=\"paths_degraded\"[^}]*\\} [1-9]");
        assertThat(condition(pv, pod).getAbnormal()).isTrue();
        byte[] second = randomBytes(2);
        writeAndSync(device, 1 << 20, second);

        // The connection is back (same host, same LUN): the agent reports the map whole again, the condition clears.
        arrays.client("array-a").connections().connectHost(removed.hostName(), arrayVolume, removed.lun()).await()
                .atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(nodeEvents("PathsRestored"))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).contains(wwid);
                }));
        assertThat(condition(pv, pod).getAbnormal()).isFalse();
        assertThat(read(device, 0, first.length)).isEqualTo(first);
        assertThat(read(device, 1 << 20, second.length)).isEqualTo(second);

        csi.node().nodeUnpublishVolume(kubelet.unpublish(pv, pod));
        csi.node().nodeUnstageVolume(kubelet.unstage(pv));
        detach(attachment);
        assertThat(agent.mapperDir().resolve(wwid)).doesNotExist();
        assertThat(loopsOf(wwid)).isEmpty();
        for (String array : ARRAYS) {
            assertThat(connectionsOf(array, arrayVolume)).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Applies the claim with kubectl and returns its PV once it is bound. */
    private static PersistentVolume boundVolume(String claim, String yaml) throws IOException {
        kubectl.run("apply", "-f", manifest(claim + ".yaml", yaml).toString()).ok();
        await().atMost(DEADLINE).until(() -> "Bound".equals(kubectl.run("get", "pvc", claim, "-o",
                "jsonpath={.status.phase}").ok().out()));
        PersistentVolumeClaim bound = system.kubernetes.persistentVolumeClaims().inNamespace("default").withName(claim).get();
        return system.kubernetes.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
    }

    /**
     * The controller's VolumeAttachment, then the kubelet's stage and publish once it is attached; prints the time from
     * the VolumeAttachment to the published path, and its parts.
     */
    private static VolumeAttachment attachStageAndPublish(PersistentVolume pv, String pod, String what) {
        long started = System.nanoTime();
        VolumeAttachment attachment = attach(pv);
        long attached = System.nanoTime();
        csi.node().nodeStageVolume(kubelet.stage(pv, attachment));
        long staged = System.nanoTime();
        csi.node().nodePublishVolume(kubelet.publish(pv, attachment, "app-0", pod, false));
        long published = System.nanoTime();
        System.out.printf("node-agent: VolumeAttachment to published path %d ms (%s): attached %d ms, staged %d ms,"
                + " published %d ms%n", millis(published - started), what, millis(attached - started),
                millis(staged - attached), millis(published - staged));
        return attachment;
    }

    /** A VolumeAttachment as the attach/detach controller creates it, once attach-svc reports it attached. */
    private static VolumeAttachment attach(PersistentVolume pv) {
        String name = "csi-" + UUID.randomUUID().toString().replace("-", "");
        system.kubernetes.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withAttacher(PretendKubelet.DRIVER).withNodeName(NODE)
                .withNewSource().withPersistentVolumeName(pv.getMetadata().getName()).endSource().endSpec().build()).create();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            VolumeAttachment now = system.kubernetes.storage().v1().volumeAttachments().withName(name).get();
            return now.getStatus() != null && Boolean.TRUE.equals(now.getStatus().getAttached());
        });
        return system.kubernetes.storage().v1().volumeAttachments().withName(name).get();
    }

    /** Deleted as the controller deletes it; gone once attach-svc disconnected the volume on its arrays. */
    private static void detach(VolumeAttachment attachment) {
        String name = attachment.getMetadata().getName();
        system.kubernetes.storage().v1().volumeAttachments().withName(name).delete();
        await().atMost(DEADLINE).until(() -> system.kubernetes.storage().v1().volumeAttachments().withName(name).get() == null);
    }

    private static String arrayVolumeOf(PersistentVolume pv) {
        JsonNode volume = system.api("provisioner-svc").volume(pv.getSpec().getCsi().getVolumeHandle());
        String name = volume.path("arrayVolumeName").asText();
        assertThat(name).as("the array volume of %s in %s", pv.getMetadata().getName(), volume).isNotBlank();
        return name;
    }

    private static List<Connection> connectionsOf(String array, String volume) {
        return arrays.client(array).connections().listByVolume(volume).await().atMost(Duration.ofSeconds(10));
    }

    private static List<Event> nodeEvents(String reason) {
        return system.kubernetes.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> NODE.equals(e.getInvolvedObject().getName()) && "Node".equals(e.getInvolvedObject().getKind())
                        && reason.equals(e.getReason())).toList();
    }

    private static dev.mooring.agent.csi.v1.VolumeCondition condition(PersistentVolume pv, String pod) {
        return csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(pv.getSpec().getCsi().getVolumeHandle())
                .setVolumePath(kubelet.targetPath(pv, pod).toString()).build()).getVolumeCondition();
    }

    /** The loop devices of the simulated host that hold this WWID's volume (its image file is named by serial). */
    private static List<String> loopsOf(String wwid) {
        String serial = wwid.substring("3624a9370".length());
        return NodeAgents.loopsUnder(agent.simulatedDevices()).entrySet().stream()
                .filter(loop -> loop.getValue().contains(serial)).map(Map.Entry::getKey).toList();
    }

    private static Path manifest(String name, String yaml) throws IOException {
        return Files.writeString(manifests.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[64 * 1024];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void writeAndSync(Path device, long offset, byte[] data) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "rw")) {
            file.seek(offset);
            file.write(data);
            file.getFD().sync();
        }
    }

    private static byte[] read(Path device, long offset, int length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "r")) {
            byte[] data = new byte[length];
            file.seek(offset);
            file.readFully(data);
            return Arrays.copyOf(data, length);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
