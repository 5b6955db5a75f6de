package dev.mooring.agent.csi;

import static dev.mooring.agent.csi.CsiRequests.block;
import static dev.mooring.agent.csi.CsiRequests.mount;
import static dev.mooring.agent.csi.CsiRequests.publish;
import static dev.mooring.agent.csi.CsiRequests.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.mooring.agent.app.NodeAgent;
import dev.mooring.agent.csi.v1.GetPluginCapabilitiesRequest;
import dev.mooring.agent.csi.v1.GetPluginInfoRequest;
import dev.mooring.agent.csi.v1.GetPluginInfoResponse;
import dev.mooring.agent.csi.v1.CapacityRange;
import dev.mooring.agent.csi.v1.NodeExpandVolumeRequest;
import dev.mooring.agent.csi.v1.NodeGetCapabilitiesRequest;
import dev.mooring.agent.csi.v1.NodeGetInfoRequest;
import dev.mooring.agent.csi.v1.NodeGetInfoResponse;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsRequest;
import dev.mooring.agent.csi.v1.NodeGetVolumeStatsResponse;
import dev.mooring.agent.csi.v1.NodePublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeServiceCapability;
import dev.mooring.agent.csi.v1.NodeStageVolumeRequest;
import dev.mooring.agent.csi.v1.NodeStageVolumeResponse;
import dev.mooring.agent.csi.v1.NodeUnpublishVolumeRequest;
import dev.mooring.agent.csi.v1.NodeUnstageVolumeRequest;
import dev.mooring.agent.csi.v1.PluginCapability;
import dev.mooring.agent.csi.v1.ProbeRequest;
import dev.mooring.agent.csi.v1.VolumeCapability;
import dev.mooring.agent.csi.v1.VolumeCapability.AccessMode.Mode;
import dev.mooring.agent.csi.v1.VolumeUsage;
import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.host.Filesystems;
import dev.mooring.agent.host.GuardedHost;
import dev.mooring.agent.host.ProcessCommandRunner;
import dev.mooring.agent.host.SimulatedHost;
import dev.mooring.agent.service.NodeVolumes;
import dev.mooring.agent.service.Ownership;
import dev.mooring.agent.service.StateStore;
import dev.mooring.agent.support.HostCleanup;
import dev.mooring.agent.support.San;
import dev.mooring.agent.support.SimulatedNodeResource;
import dev.mooring.flasharray.client.model.Volume;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CSI node service, exercised as the kubelet does, over the agent's real Unix socket, modelled on the
 * Kubernetes csi-sanity node cases. The host is the simulated one: the simulator's connections become loop
 * devices (needs root), on which staging, formatting, mounting, bind mounts, raw block, expansion and stats run
 * for real.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(value = SimulatedNodeResource.class, restrictToAnnotatedClass = false)
class CsiConformanceIT {

    private static final long MIB = 1024 * 1024;
    private static final Mode RWO = Mode.SINGLE_NODE_WRITER;

    @Inject
    Vertx vertx;

    @Inject
    NodeAgent agent;

    @Inject
    KubernetesClient kube;

    private San san;
    private CsiClient csi;
    private final List<String[]> staged = new ArrayList<>();
    private final List<String[]> published = new ArrayList<>();

    @BeforeEach
    void connect() {
        san = new San(vertx);
        csi = new CsiClient(SimulatedNodeResource.socket());
    }

    @AfterEach
    void cleanUp() {
        for (String[] p : published) {
            try {
                csi.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(p[0])
                        .setTargetPath(p[1]).build());
            } catch (StatusRuntimeException ignored) {
                // The test may have unpublished it already.
            }
        }
        for (String[] s : staged) {
            try {
                csi.node().nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder().setVolumeId(s[0])
                        .setStagingTargetPath(s[1]).build());
            } catch (StatusRuntimeException ignored) {
                // Idem.
            }
        }
        san.disconnectAll();
        csi.close();
    }

    // ---- Identity ----

    @Test
    void identityNamesTheDriverMooringAnswersToAndIsReady() {
        GetPluginInfoResponse info = csi.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
        assertThat(info.getName()).isEqualTo("pxd.portworx.com");
        assertThat(info.getVendorVersion()).isNotBlank();
        assertThat(csi.identity().getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList()).extracting(c -> c.hasVolumeExpansion() ? "expansion:" + c.getVolumeExpansion()
                .getType() : "service:" + c.getService().getType())
                .containsExactlyInAnyOrder("service:" + PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS,
                        "expansion:" + PluginCapability.VolumeExpansion.Type.ONLINE);
        await().atMost(Duration.ofSeconds(30)).until(() -> csi.identity().probe(ProbeRequest.getDefaultInstance())
                .getReady().getValue());
    }

    @Test
    void nodeCapabilitiesAndInfoWithTheTopologyOfLabelsAndPxEnv() {
        assertThat(csi.node().nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList())
                .extracting(c -> c.getRpc().getType()).containsExactlyInAnyOrder(
                        NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
                        NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
                        NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
                        NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
                        NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);
        kube.nodes().resource(new NodeBuilder().withNewMetadata().withName(SimulatedNodeResource.NODE)
                .addToLabels("topology.kubernetes.io/region", "eu-1").addToLabels("topology.kubernetes.io/zone", "zone-a")
                .addToLabels("px/zone", "zone-x").endMetadata().build()).createOr(n -> n.update());
        NodeGetInfoResponse info = csi.node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
        assertThat(info.getNodeId()).isEqualTo(SimulatedNodeResource.NODE);
        // px/zone beats the well-known zone label; the rack comes from px_env (PX_RACK); px_env's zone loses.
        assertThat(info.getAccessibleTopology().getSegmentsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "px/region", "eu-1", "px/zone", "zone-x", "px/rack", "rack-7"));
    }

    // ---- Stage and publish a filesystem ----

    @Test
    void ext4VolumeIsStagedPublishedWrittenAndTornDownIdempotently() throws IOException {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String id = v.name();
        String staging = stagingPath(id);
        String target = targetPath();
        VolumeCapability cap = mount("ext4", RWO, "noatime");

        long started = System.nanoTime();
        stageTracked(stage(id, staging, cap, ctx));
        publishTracked(publish(id, staging, target, cap, false));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("MEASURED stage-to-published ext4 64MiB: " + elapsedMs + " ms");

        Files.writeString(Path.of(target, "hello.txt"), "written through the bind mount");
        assertThat(Files.readString(Path.of(staging, "hello.txt"))).isEqualTo("written through the bind mount");
        assertThat(mountOptions(staging)).contains("noatime");
        assertThat(Files.readSymbolicLink(Path.of(agentMapper(), ctx.get("wwid")))).isNotNull();

        // Idempotent: the same calls again change nothing and succeed.
        csi.node().nodeStageVolume(stage(id, staging, cap, ctx));
        csi.node().nodePublishVolume(publish(id, staging, target, cap, false));
        assertThat(mountCount(target)).isEqualTo(1);

        unpublish(id, target);
        unpublish(id, target);
        assertThat(Files.exists(Path.of(target))).isFalse();
        unstage(id, staging);
        unstage(id, staging);
        assertThat(mountCount(staging)).isZero();
        assertThat(Files.exists(Path.of(agentMapper(), ctx.get("wwid")))).isFalse();
        assertThat(HostCleanup.loopsUnder(SimulatedNodeResource.dir())).noneMatch(l -> l.contains(ctx.get("serial")));
    }

    @Test
    void volumesStagedAndPublishedOneAfterAnotherEachServeTheirOwnData() throws IOException {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Volume v = san.volumeOnA(64 * MIB);
            String staging = stagingPath(v.name());
            String target = targetPath();
            long started = System.nanoTime();
            stageTracked(stage(v.name(), staging, mount("ext4", RWO), san.publishContext(v, "array-a")));
            publishTracked(publish(v.name(), staging, target, mount("ext4", RWO), false));
            millis.add((System.nanoTime() - started) / 1_000_000);
            Files.writeString(Path.of(target, "id"), v.name());
        }
        for (String[] p : published) {
            assertThat(Files.readString(Path.of(p[1], "id"))).isEqualTo(p[0]);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.println("MEASURED stage-to-published ext4 64MiB x5 (ms): " + millis + " median " + sorted.get(2)
                + " max " + sorted.get(4));
    }

    @Test
    void aRestartedAgentFindsWhatItStagedAndAnswersTheRepeatedCallsAsBefore() {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        String target = targetPath();
        VolumeCapability cap = mount("ext4", RWO);
        stageTracked(stage(v.name(), staging, cap, ctx));
        publishTracked(publish(v.name(), staging, target, cap, false));

        // A second agent process on the same node: same state directory, same devices, nothing in memory.
        Path dir = SimulatedNodeResource.dir();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        Filesystems filesystems = new Filesystems(runner, Path.of("/proc/self/mountinfo"));
        SimulatedHost restartedHost = new SimulatedHost(Map.of("array-a", san.array("array-a"), "array-b",
                san.array("array-b")), runner, filesystems, dir.resolve("sim"), dir.resolve("root/dev/mapper"),
                SimulatedNodeResource.IQN, java.util.Set.of(), Duration.ofSeconds(30), Duration.ofMillis(100));
        StateStore store = new StateStore(dir.resolve("state"));
        Ownership ownership = new Ownership(store);
        assertThat(ownership.rule().permits(ctx.get("wwid"))).isTrue();
        NodeVolumes restarted = new NodeVolumes(new GuardedHost(restartedHost, ownership::rule), filesystems, store,
                ownership, Duration.ofSeconds(3));
        assertThat(restartedHost.map(ctx.get("wwid"))).isPresent();

        restarted.stage(v.name(), staging, ProtoMapping.capability(true, cap, "c", "ext4"), ctx);
        restarted.publish(v.name(), staging, target, ProtoMapping.capability(true, cap, "c", "ext4"), false);

        assertThat(mountCount(staging)).isEqualTo(1);
        assertThat(mountCount(target)).isEqualTo(1);
    }

    @Test
    void xfsVolumeIsFormattedOnceAndItsDataSurvivesAnotherStage() throws IOException {
        Volume v = san.volumeOnA(320 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        VolumeCapability cap = mount("xfs", RWO);
        stageTracked(stage(v.name(), staging, cap, ctx));
        assertThat(fsTypeAt(staging)).isEqualTo("xfs");
        Files.writeString(Path.of(staging, "keep.txt"), "kept");
        unstage(v.name(), staging);

        stageTracked(stage(v.name(), staging, cap, ctx));
        assertThat(Files.readString(Path.of(staging, "keep.txt"))).isEqualTo("kept");
    }

    @Test
    void aDeviceThatHoldsAnotherFilesystemOrAPartitionTableIsNeverFormatted() throws Exception {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        Files.writeString(Path.of(staging, "precious.txt"), "do not lose");
        unstage(v.name(), staging);

        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), staging, mount("xfs", RWO), ctx)),
                Status.Code.FAILED_PRECONDITION, "holds an ext4 filesystem");

        Volume raw = san.volumeOnA(64 * MIB);
        Map<String, String> rawCtx = san.publishContext(raw, "array-a");
        String rawStaging = stagingPath(raw.name());
        stageTracked(stage(raw.name(), rawStaging, block(RWO), rawCtx));
        writeMbrPartitionTable(agentMapper() + "/" + rawCtx.get("wwid"));
        unstage(raw.name(), rawStaging);
        assertCode(() -> csi.node().nodeStageVolume(stage(raw.name(), rawStaging, mount("ext4", RWO), rawCtx)),
                Status.Code.FAILED_PRECONDITION, "partition table");

        // The ext4 volume, staged as ext4 again, still has its file.
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        assertThat(Files.readString(Path.of(staging, "precious.txt"))).isEqualTo("do not lose");
    }

    @Test
    void readOnlyPublishRefusesWrites() {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        String target = targetPath();
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        publishTracked(publish(v.name(), staging, target, mount("ext4", RWO), true));
        assertThat(mountOptions(target)).contains("ro");
        assertThatThrownBy(() -> Files.writeString(Path.of(target, "x"), "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("Read-only file system");
        // The same target asked read-write is a different publish: ALREADY_EXISTS.
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), staging, target, mount("ext4", RWO), false)),
                Status.Code.ALREADY_EXISTS, "already published at " + target);
    }

    // ---- Raw block ----

    @Test
    void rawBlockVolumeForKubeVirtIsPublishedAsADeviceAtSeveralTargets() throws IOException {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        VolumeCapability rwxBlock = block(Mode.MULTI_NODE_MULTI_WRITER);
        stageTracked(stage(v.name(), staging, rwxBlock, ctx));
        String first = targetPath();
        String second = targetPath();
        publishTracked(publish(v.name(), staging, first, rwxBlock, false));
        publishTracked(publish(v.name(), staging, second, rwxBlock, false));

        byte[] pattern = "mooring raw block".getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile dev = new RandomAccessFile(first, "rw")) {
            dev.seek(MIB);
            dev.write(pattern);
            dev.getFD().sync();
        }
        byte[] read = new byte[pattern.length];
        try (RandomAccessFile dev = new RandomAccessFile(second, "r")) {
            dev.seek(MIB);
            dev.readFully(read);
        }
        assertThat(read).isEqualTo(pattern);
        NodeGetVolumeStatsResponse stats = csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(v.name()).setVolumePath(first).build());
        assertThat(stats.getUsage(0).getTotal()).isEqualTo(64 * MIB);
    }

    @Test
    void aFilesystemWrittenFromSeveralNodesExceedsTheCapabilities() {
        Volume v = san.volumeOnA(64 * MIB);
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), stagingPath(v.name()),
                        mount("ext4", Mode.MULTI_NODE_MULTI_WRITER), san.publishContext(v, "array-a"))),
                Status.Code.FAILED_PRECONDITION, "needs a raw block volume");
    }

    @Test
    void aSingleWriterVolumeIsNotPublishedAtASecondTarget() {
        Volume v = san.volumeOnA(64 * MIB);
        String staging = stagingPath(v.name());
        VolumeCapability cap = mount("ext4", Mode.SINGLE_NODE_SINGLE_WRITER);
        stageTracked(stage(v.name(), staging, cap, san.publishContext(v, "array-a")));
        publishTracked(publish(v.name(), staging, targetPath(), cap, false));
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), staging, targetPath(), cap, false)),
                Status.Code.FAILED_PRECONDITION, "already published");
    }

    // ---- Errors the spec names ----

    @Test
    void missingFieldsAreInvalidArgumentsNamingTheField() {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        VolumeCapability cap = mount("ext4", RWO);
        assertCode(() -> csi.node().nodeStageVolume(stage("", "/tmp/x", cap, ctx)), Status.Code.INVALID_ARGUMENT,
                "volume_id");
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), "", cap, ctx)), Status.Code.INVALID_ARGUMENT,
                "staging_target_path");
        assertCode(() -> csi.node().nodeStageVolume(NodeStageVolumeRequest.newBuilder().setVolumeId(v.name())
                .setStagingTargetPath(stagingPath(v.name())).putAllPublishContext(ctx).build()),
                Status.Code.INVALID_ARGUMENT, "volume_capability is required");
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), stagingPath(v.name()), cap, Map.of())),
                Status.Code.INVALID_ARGUMENT, "publish_context");
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), stagingPath(v.name()),
                VolumeCapability.newBuilder().setMount(VolumeCapability.MountVolume.getDefaultInstance()).build(),
                ctx)), Status.Code.INVALID_ARGUMENT, "access_mode");
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), stagingPath(v.name()), mount("btrfs", RWO), ctx)),
                Status.Code.INVALID_ARGUMENT, "fs_type");
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), "/tmp/s", "", cap, false)),
                Status.Code.INVALID_ARGUMENT, "target_path");
        assertCode(() -> csi.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(v.name())
                .build()), Status.Code.INVALID_ARGUMENT, "target_path");
        assertCode(() -> csi.node().nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder()
                .setStagingTargetPath("/tmp/s").build()), Status.Code.INVALID_ARGUMENT, "volume_id");
        assertCode(() -> csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder().setVolumeId(v.name())
                .build()), Status.Code.INVALID_ARGUMENT, "volume_path");
        assertCode(() -> csi.node().nodeExpandVolume(NodeExpandVolumeRequest.newBuilder().setVolumePath("/tmp/s")
                .build()), Status.Code.INVALID_ARGUMENT, "volume_id");
        Map<String, String> badLun = new java.util.HashMap<>(ctx);
        badLun.put("array-a.lun", "minus-one");
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), stagingPath(v.name()), cap, badLun)),
                Status.Code.INVALID_ARGUMENT, "publish_context[array-a.lun]");
    }

    @Test
    void publishBeforeStageIsAFailedPrecondition() {
        Volume v = san.volumeOnA(64 * MIB);
        VolumeCapability cap = mount("ext4", RWO);
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), stagingPath(v.name()), targetPath(), cap,
                false)), Status.Code.FAILED_PRECONDITION, "not staged");
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), "", targetPath(), cap, false)),
                Status.Code.FAILED_PRECONDITION, "staging_target_path is required");
    }

    @Test
    void unknownVolumesUnstageAndUnpublishAsNoOpsAndAreNotFoundForStatsAndExpand() {
        String unknown = "never-staged-" + UUID.randomUUID();
        csi.node().nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder().setVolumeId(unknown)
                .setStagingTargetPath(stagingPath(unknown)).build());
        csi.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(unknown)
                .setTargetPath(targetPath()).build());
        assertCode(() -> csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder().setVolumeId(unknown)
                .setVolumePath("/tmp/nowhere").build()), Status.Code.NOT_FOUND, "not staged on this node");
        assertCode(() -> csi.node().nodeExpandVolume(NodeExpandVolumeRequest.newBuilder().setVolumeId(unknown)
                .setVolumePath("/tmp/nowhere").build()), Status.Code.NOT_FOUND, "not staged on this node");
    }

    @Test
    void stagingAgainWithAnotherCapabilityIsAlreadyExists() {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), staging, block(RWO), ctx)),
                Status.Code.ALREADY_EXISTS, "already staged");
        assertCode(() -> csi.node().nodePublishVolume(publish(v.name(), staging, targetPath(), block(RWO), false)),
                Status.Code.FAILED_PRECONDITION, "cannot be published as");
    }

    @Test
    void aSecondCallOnAVolumeWhileOneIsInFlightIsAborted() throws Exception {
        // array-b is named but the volume is connected only on array-a: the stage waits the whole map timeout (3 s)
        // for paths that never come, which holds the volume long enough to send a second call.
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = new java.util.HashMap<>(san.publishContext(v, "array-a"));
        ctx.put("arrays", "array-a,array-b");
        ctx.put("array-b.protocol", "iscsi");
        ctx.put("array-b.lun", "1");
        ctx.put("array-b.targetIqn", san.iscsiIqn("array-b"));
        ctx.put("array-b.portals", ctx.get("array-a.portals"));
        String staging = stagingPath(v.name());
        VolumeCapability cap = mount("ext4", RWO);
        ListenableFuture<NodeStageVolumeResponse> first = csi.nodeAsync().nodeStageVolume(stage(v.name(), staging,
                cap, ctx));
        staged.add(new String[] {v.name(), staging});
        SimulatedHost host = (SimulatedHost) agent.rawHost();
        IscsiTarget bTarget = new IscsiTarget(ctx.get("array-b.targetIqn"), ctx.get("array-b.portals").split(",")[0]);
        await().atMost(Duration.ofSeconds(20)).until(() -> host.sessions().contains(bTarget) && !first.isDone());
        assertCode(() -> csi.node().nodeStageVolume(stage(v.name(), staging, cap, ctx)), Status.Code.ABORTED,
                "already in progress");
        first.get();
        assertThat(mountCount(staging)).isEqualTo(1);
    }

    // ---- Expand and stats ----

    @Test
    void expandGrowsTheDeviceAndTheXfsFilesystemOnline() throws IOException {
        Volume v = san.volumeOnA(320 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        String target = targetPath();
        stageTracked(stage(v.name(), staging, mount("xfs", RWO), ctx));
        publishTracked(publish(v.name(), staging, target, mount("xfs", RWO), false));
        long before = bytesTotal(v.name(), target);

        assertCode(() -> expand(v.name(), target, staging, 640 * MIB), Status.Code.OUT_OF_RANGE,
                "expand it on the array first");
        san.resize(v.name(), 640 * MIB);
        assertThat(expand(v.name(), target, staging, 640 * MIB)).isEqualTo(640 * MIB);
        assertThat(bytesTotal(v.name(), target)).isGreaterThan(before + 300 * MIB);
        // Again: already that large, nothing to do.
        assertThat(expand(v.name(), target, staging, 640 * MIB)).isEqualTo(640 * MIB);
    }

    @Test
    void expandOfARawBlockVolumeGrowsTheDevice() {
        Volume v = san.volumeOnA(64 * MIB);
        String staging = stagingPath(v.name());
        String target = targetPath();
        stageTracked(stage(v.name(), staging, block(RWO), san.publishContext(v, "array-a")));
        publishTracked(publish(v.name(), staging, target, block(RWO), false));
        san.resize(v.name(), 96 * MIB);
        assertThat(expand(v.name(), target, staging, 96 * MIB)).isEqualTo(96 * MIB);
        assertThat(bytesTotal(v.name(), target)).isEqualTo(96 * MIB);
    }

    private long expand(String id, String path, String staging, long bytes) {
        return csi.node().nodeExpandVolume(NodeExpandVolumeRequest.newBuilder().setVolumeId(id).setVolumePath(path)
                .setStagingTargetPath(staging).setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
                .build()).getCapacityBytes();
    }

    @Test
    void statsReportBytesInodesAndAnAbnormalConditionWhenTheArrayDropsTheVolume() throws Exception {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stagingPath(v.name());
        String target = targetPath();
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        publishTracked(publish(v.name(), staging, target, mount("ext4", RWO), false));
        NodeGetVolumeStatsResponse ok = stats(v.name(), target);
        assertThat(ok.getUsageList()).extracting(VolumeUsage::getUnit)
                .containsExactlyInAnyOrder(VolumeUsage.Unit.BYTES, VolumeUsage.Unit.INODES);
        assertThat(ok.getUsageList()).allSatisfy(u -> assertThat(u.getTotal()).isPositive());
        assertThat(ok.getVolumeCondition().getAbnormal()).isFalse();

        san.disconnect("array-a", v.name());
        NodeGetVolumeStatsResponse gone = stats(v.name(), target);
        assertThat(gone.getVolumeCondition().getAbnormal()).isTrue();
        assertThat(gone.getVolumeCondition().getMessage()).contains("every path failed");
        // I/O fails at once: an error, not a hang.
        long started = System.nanoTime();
        assertThatThrownBy(() -> {
            try (FileOutputStream out = new FileOutputStream(target + "/after-fence.bin")) {
                out.write(new byte[1024 * 1024]);
                out.getFD().sync();
            }
        }).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        san.connect("array-a", v.name());
    }

    @Test
    void aStretchedPodVolumeIsReachedThroughEveryPortalOfBothArrays() throws IOException {
        Volume v = san.stretchedVolume(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a", "array-b");
        String staging = stagingPath(v.name());
        stageTracked(stage(v.name(), staging, mount("ext4", RWO), ctx));
        NodeGetVolumeStatsResponse s = stats(v.name(), staging);
        assertThat(s.getVolumeCondition().getMessage()).isEqualTo("all 4 paths active");
        assertThat(agent.host().sessions()).hasSizeGreaterThanOrEqualTo(4);
        // One array drops the volume (a failover): degraded, still usable.
        san.disconnect("array-b", v.name());
        assertThat(stats(v.name(), staging).getVolumeCondition().getMessage()).isEqualTo("2 of 4 paths active");
        Files.writeString(Path.of(staging, "still-works.txt"), "yes");
        san.connect("array-b", v.name());
    }

    // ---- helpers ----

    private NodeGetVolumeStatsResponse stats(String id, String path) {
        return csi.node().nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder().setVolumeId(id)
                .setVolumePath(path).build());
    }

    private long bytesTotal(String id, String path) {
        return stats(id, path).getUsageList().stream().filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
                .findFirst().orElseThrow().getTotal();
    }

    private void stageTracked(NodeStageVolumeRequest r) {
        csi.node().nodeStageVolume(r);
        staged.add(new String[] {r.getVolumeId(), r.getStagingTargetPath()});
    }

    private void publishTracked(NodePublishVolumeRequest r) {
        csi.node().nodePublishVolume(r);
        published.add(new String[] {r.getVolumeId(), r.getTargetPath()});
    }

    private void unpublish(String id, String target) {
        csi.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(id).setTargetPath(target)
                .build());
    }

    private void unstage(String id, String staging) {
        csi.node().nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder().setVolumeId(id)
                .setStagingTargetPath(staging).build());
    }

    private static String stagingPath(String id) {
        Path p = SimulatedNodeResource.dir().resolve("kubelet/plugins/kubernetes.io/csi/pxd.portworx.com")
                .resolve(id).resolve("globalmount");
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p.toString();
    }

    private static String targetPath() {
        Path pod = SimulatedNodeResource.dir().resolve("kubelet/pods").resolve(UUID.randomUUID().toString())
                .resolve("volumes/kubernetes.io~csi");
        try {
            Files.createDirectories(pod);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pod.resolve("pv").toString();
    }

    private static String agentMapper() {
        return SimulatedNodeResource.dir().resolve("root/dev/mapper").toString();
    }

    private static List<String> mountLines(String path) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.split(" ")[4].equals(path)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long mountCount(String path) {
        return mountLines(path).size();
    }

    private static List<String> mountOptions(String path) {
        return List.of(mountLines(path).get(0).split(" ")[5].split(","));
    }

    private static String fsTypeAt(String path) {
        String line = mountLines(path).get(0);
        return line.substring(line.indexOf(" - ") + 3).split(" ")[0];
    }

    /** An MBR with one partition entry and the 55AA signature, as fdisk would leave it. */
    private static void writeMbrPartitionTable(String device) throws IOException {
        byte[] mbr = new byte[512];
        mbr[446] = 0x00;
        mbr[446 + 4] = (byte) 0x83;
        mbr[446 + 8] = 0x00;
        mbr[446 + 9] = 0x08;
        mbr[446 + 12] = 0x00;
        mbr[446 + 13] = 0x08;
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xAA;
        try (RandomAccessFile dev = new RandomAccessFile(device, "rw")) {
            dev.write(mbr);
            dev.getFD().sync();
        }
    }

    static void assertCode(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }
}
