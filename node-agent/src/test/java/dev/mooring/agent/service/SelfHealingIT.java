package dev.mooring.agent.service;

import static dev.mooring.agent.csi.CsiRequestsAccess.mountRwo;
import static dev.mooring.agent.csi.CsiRequestsAccess.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mooring.agent.app.NodeAgent;
import dev.mooring.agent.csi.v1.NodeUnstageVolumeRequest;
import dev.mooring.agent.domain.Drift;
import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.OwnershipRule;
import dev.mooring.agent.domain.Wwids;
import dev.mooring.agent.host.SimulatedHost;
import dev.mooring.agent.csi.CsiClient;
import dev.mooring.agent.support.San;
import dev.mooring.agent.support.ServicesStandIn;
import dev.mooring.agent.support.SimulatedNodeResource;
import dev.mooring.flasharray.client.model.Volume;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Self-healing and node facts on the simulated node: what attach-svc holds as attached (its REST answer set by the
 * test) against the sessions and maps the node has; each drift remedied and reported as a Node Event and a metric.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(value = SimulatedNodeResource.class, restrictToAnnotatedClass = false)
class SelfHealingIT {

    private static final long MIB = 1024 * 1024;

    @Inject
    Vertx vertx;

    @Inject
    NodeAgent agent;

    @Inject
    KubernetesClient kube;

    @Inject
    MeterRegistry meters;

    private San san;
    private CsiClient csi;
    private final List<String[]> staged = new ArrayList<>();

    @BeforeEach
    void setUp() {
        san = new San(vertx);
        csi = new CsiClient(SimulatedNodeResource.socket());
    }

    @AfterEach
    void tearDown() {
        for (String[] s : staged) {
            csi.node().nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder().setVolumeId(s[0])
                    .setStagingTargetPath(s[1]).build());
        }
        SimulatedNodeResource.services().attachments("[]");
        SimulatedNodeResource.services().failReadsWith(0);
        san.disconnectAll();
        csi.close();
    }

    @Test
    void aDroppedSessionIsLoggedInAgainAndReported() {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        stageTracked(v.name(), ctx);
        SimulatedNodeResource.services().attachments("[" + San.attachmentJson(v.name(), ctx) + "]");
        SimulatedHost host = (SimulatedHost) agent.rawHost();
        IscsiTarget target = new IscsiTarget(ctx.get("array-a.targetIqn"), ctx.get("array-a.portals").split(",")[0]);
        host.dropSession(target);

        List<Drift> drifts = agent.healer().pass();

        assertThat(drifts).extracting(Drift::kind, Drift::subject)
                .contains(org.assertj.core.groups.Tuple.tuple(Drift.Kind.SESSION_DROPPED, target.toString()));
        assertThat(host.sessions()).contains(target);
        assertThat(nodeEvents("IscsiSessionRestored")).isNotEmpty();
        assertThat(meters.counter("mooring.agent.drifts", "kind", "session_dropped", "remedied", "true").count())
                .isPositive();
        // Healed: the next pass finds nothing to do.
        assertThat(agent.healer().pass()).isEmpty();
    }

    @Test
    void aDegradedMapIsReportedOnceWhileItStaysDegradedAndAgainWhenItIsWhole() {
        Volume v = san.stretchedVolume(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a", "array-b");
        stageTracked(v.name(), ctx);
        SimulatedNodeResource.services().attachments("[" + San.attachmentJson(v.name(), ctx) + "]");
        san.disconnect("array-b", v.name());
        long before = nodeEvents("PathsDegraded").size();

        assertThat(agent.healer().pass()).extracting(Drift::kind).containsExactly(Drift.Kind.PATHS_DEGRADED);
        assertThat(agent.healer().pass()).extracting(Drift::kind).containsExactly(Drift.Kind.PATHS_DEGRADED);

        assertThat(nodeEvents("PathsDegraded")).hasSize((int) before + 1).last().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("2 of 4 paths active");
        });
        long restoredBefore = nodeEvents("PathsRestored").size();
        san.connect("array-b", v.name());
        assertThat(agent.healer().pass()).isEmpty();
        assertThat(nodeEvents("PathsRestored")).hasSize((int) restoredBefore + 1).last().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).contains("4 of 4 paths active again");
        });
        assertThat(agent.healer().pass()).isEmpty();
        assertThat(nodeEvents("PathsRestored")).as("reported once").hasSize((int) restoredBefore + 1);
    }

    @Test
    void theMapOfAVolumeAttachSvcDetachedIsRemovedButAForeignLunIsNeverTouched() {
        // Y was attached here by Mooring (attach-svc listed it); Z was connected to the node's host by someone else.
        Volume y = san.volumeOnA(64 * MIB);
        Volume z = san.volumeOnA(64 * MIB);
        SimulatedNodeResource.services().attachments("[" + San.attachmentJson(y.name(), san.publishContext(y,
                "array-a")) + "]");
        agent.healer().pass();
        // Staging X logs in and scans: Y's and Z's LUNs appear on the node too, as on a real host.
        Volume x = san.volumeOnA(64 * MIB);
        Map<String, String> xCtx = san.publishContext(x, "array-a");
        stageTracked(x.name(), xCtx);
        String wwidY = Wwids.ofSerial(y.serial());
        String wwidZ = Wwids.ofSerial(z.serial());
        assertThat(agent.host().map(wwidY)).isPresent();
        assertThat(agent.host().map(wwidZ)).isPresent();

        // attach-svc detaches Y: only X is attached here now.
        SimulatedNodeResource.services().attachments("[" + San.attachmentJson(x.name(), xCtx) + "]");
        san.disconnect("array-a", y.name());
        List<Drift> drifts = agent.healer().pass();

        assertThat(drifts).extracting(Drift::kind, Drift::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Drift.Kind.GHOST_MAP, wwidY));
        assertThat(agent.host().map(wwidY)).isEmpty();
        assertThat(agent.host().map(wwidZ)).isPresent();
        assertThat(nodeEvents("GhostDeviceRemoved")).anyMatch(e -> e.getMessage().contains(wwidY));
        assertThatThrownBy(() -> agent.host().disconnect(wwidZ, Set.of()))
                .isInstanceOf(OwnershipRule.NotOwnedException.class).hasMessageContaining(wwidZ);
        assertThat(agent.host().map(wwidZ)).isPresent();
    }

    @Test
    void aMountedVolumeNoLongerAttachedHereGetsFailingIoInsteadOfHanging() throws IOException {
        Volume v = san.volumeOnA(64 * MIB);
        Map<String, String> ctx = san.publishContext(v, "array-a");
        String staging = stageTracked(v.name(), ctx);
        SimulatedNodeResource.services().attachments("[]");

        List<Drift> drifts = agent.healer().pass();

        assertThat(drifts).extracting(Drift::kind).containsExactly(Drift.Kind.FENCED_MAP);
        assertThat(agent.host().map(ctx.get("wwid")).orElseThrow().ioFailed()).isTrue();
        long started = System.nanoTime();
        assertThatThrownBy(() -> {
            try (FileOutputStream out = new FileOutputStream(staging + "/after-fence.bin")) {
                out.write(new byte[1024 * 1024]);
                out.getFD().sync();
            }
        }).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(nodeEvents("FencedDeviceFailed")).isNotEmpty();
    }

    @Test
    void aNodeBackAfterATakeoverDropsItsFormerDevicesBeforeItReportsReady() throws IOException {
        // Before the node went away: X staged (mounted) here, Y attached here but not staged.
        Volume x = san.volumeOnA(64 * MIB);
        Volume y = san.volumeOnA(64 * MIB);
        Map<String, String> xCtx = san.publishContext(x, "array-a");
        ServicesStandIn services = SimulatedNodeResource.services();
        services.attachments("[" + San.attachmentJson(x.name(), xCtx) + "," + San.attachmentJson(y.name(),
                san.publishContext(y, "array-a")) + "]");
        agent.healer().pass();
        String staging = stageTracked(x.name(), xCtx);
        String wwidY = Wwids.ofSerial(y.serial());
        assertThat(agent.host().map(wwidY)).isPresent();

        // It comes back: its volumes were taken over (attach-svc attaches nothing here), and attach-svc is busy.
        services.attachments("[]");
        services.failReadsWith(503);
        ReadinessGate gate = new ReadinessGate();
        StartupReconciliation startup = new StartupReconciliation(agent.healer(), gate);
        assertThatThrownBy(startup::attempt).isInstanceOf(ServicesClient.CallFailed.class);
        assertThat(gate.ready()).isFalse();
        assertThat(gate.reason()).contains("attach-svc").contains("503").contains("attach-svc is starting");
        assertThat(agent.host().map(wwidY)).isPresent();

        services.failReadsWith(0);
        startup.attempt();

        assertThat(gate.ready()).isTrue();
        assertThat(agent.host().map(wwidY)).isEmpty();
        assertThat(agent.host().map(xCtx.get("wwid")).orElseThrow().ioFailed()).isTrue();
        assertThatThrownBy(() -> Files.writeString(Path.of(staging, "late-write"), "x",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.SYNC))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theNodeReportsItsInitiatorsPxEnvAndHeartbeatsWithItsToken() {
        ServicesStandIn services = SimulatedNodeResource.services();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(services.calls()).anySatisfy(c -> {
                assertThat(c.path()).isEqualTo("/api/v1/nodes/test-node/initiators");
                assertThat(c.body()).isEqualTo("{\"iqns\":[\"" + SimulatedNodeResource.IQN + "\"],\"wwns\":[]}");
                assertThat(c.authorization()).isEqualTo("Bearer agent-token");
            });
            assertThat(services.calls()).anySatisfy(c -> {
                assertThat(c.path()).isEqualTo("/api/v1/nodes/test-node/px-env");
                assertThat(c.contentType()).isEqualTo("text/plain");
                assertThat(c.body()).contains("PX_RACK=rack-7");
            });
            assertThat(services.calls().stream().filter(c -> c.path().equals("/api/v1/nodes/test-node/heartbeat")
                    && c.method().equals("POST")).count()).isGreaterThanOrEqualTo(2);
        });
    }

    private String stageTracked(String volumeId, Map<String, String> ctx) {
        Path staging = SimulatedNodeResource.dir().resolve("kubelet/heal").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        csi.node().nodeStageVolume(stage(volumeId, staging.toString(), mountRwo(), ctx));
        staged.add(new String[] {volumeId, staging.toString()});
        return staging.toString();
    }

    private List<Event> nodeEvents(String reason) {
        return kube.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()) && "Node".equals(e.getInvolvedObject().getKind())
                        && SimulatedNodeResource.NODE.equals(e.getInvolvedObject().getName())).toList();
    }
}
