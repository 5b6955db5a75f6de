package dev.mooring.attach.drives;

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
import dev.mooring.attach.StorageScene.SimDrive;
import dev.mooring.attach.WithScenes;
import dev.mooring.events.attachments.ConnectionHealed;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cloud drives from the provisioner are connected to their node's host, once, and kept connected. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class DrivesIT extends WithScenes {

    @Test
    void aProvisionedDriveIsConnectedToItsNodeAndReportedOnceEvenWhenRedelivered() {
        String node = scene.iscsiNode("storage");
        SimDrive drive = storage.driveVolume(B, node);

        DriveProvisioned event = storage.provision(drive);

        DriveAttached attached = storage.awaitPools(DriveAttached.class,
                e -> e.getDriveName().equals(drive.name()), 1).get(0);
        assertThat(attached.getNodeName()).isEqualTo(node);
        assertThat(attached.getPoolId()).isEqualTo(drive.poolId());
        assertThat(attached.getArray()).isEqualTo(B);
        assertThat(attached.getPath().getHost()).isEqualTo(node);
        assertThat(attached.getPath().getProtocol()).isEqualTo("iscsi");
        assertThat(attached.getPath().getLun()).isEqualTo(Scene.connections(B, drive.name()).get(0).lun());
        assertThat(attached.getPath().getTargetIqn()).isNotBlank();
        assertThat(attached.getDevice().getWwid()).isEqualTo(drive.wwid());
        assertThat(attached.getDevice().getMapperPath()).isEqualTo("/dev/mapper/" + drive.wwid());
        assertThat(attached.getEnvelope().getCausationId()).isEqualTo(event.getEnvelope().getEventId());
        assertThat(connectedHosts(B, drive.name())).containsExactly(node);

        storage.send("mooring.pools", event);                              // redelivered
        storage.send("mooring.pools", storage.resized(drive, 300L << 30)); // then a resize: no reconnection

        await().until(() -> api().get("/api/v1/drives?nodeName=" + node).jsonPath()
                .getLong("find { it.driveName == '" + drive.name() + "' }.sizeBytes") == 300L << 30);
        assertThat(storage.pools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()))).hasSize(1);
        assertThat(history(B, node, drive.name(), ConnectionEvent.CONNECT)).hasSize(1);
        JsonPath view = api().get("/api/v1/nodes/" + node).then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("drives.driveName", String.class)).containsExactly(drive.name());
        assertThat(view.getList("drives.state", String.class)).containsExactly("Attached");
    }

    @Test
    void aDriveOfANodeWithoutInitiatorsWaitsAndIsConnectedWhenTheyAreKnown() {
        String node = scene.nodeName("bare");
        scene.node(node, Map.of());
        SimDrive drive = storage.driveVolume(A, node);

        storage.provision(drive);

        await().until(() -> "NoInitiators".equals(api().get("/api/v1/drives?nodeName=" + node).jsonPath()
                .getString("[0].failureReason")));
        assertThat(api().get("/api/v1/drives?nodeName=" + node).jsonPath().getString("[0].state"))
                .isEqualTo("Pending");
        assertThat(connectedHosts(A, drive.name())).isEmpty();

        scene.annotate(node, Map.of("mooring.dev/iscsi-iqn", Scene.iqnOf(node)));

        storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);
        assertThat(connectedHosts(A, drive.name())).containsExactly(node);
        assertThat(api().get("/api/v1/drives?nodeName=" + node).jsonPath().getString("[0].state"))
                .isEqualTo("Attached");
    }

    @Test
    void aDriveConnectionRemovedByHandIsHealed() {
        String node = scene.iscsiNode("healed-drive");
        SimDrive drive = storage.driveVolume(A, node);
        storage.provision(drive);
        storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);

        sim().admin().removeConnection(A, node, drive.name());

        await().until(() -> connectedHosts(A, drive.name()).equals(List.of(node)));
        ConnectionHealed healed = scene.awaitEvents(ConnectionHealed.class,
                e -> e.getVolumeId().equals(drive.name()), 1).get(0);
        assertThat(healed.getAction()).isEqualTo("restored");
        assertThat(healed.getHost()).isEqualTo(node);
        assertThat(healed.getArray()).isEqualTo(A);
    }

    @Test
    void aDriveWhoseArrayKeepsFailingIsTriedAgainByOneJobAtATimeAndReportedOnce() {
        String node = scene.iscsiNode("stubborn");
        SimDrive drive = storage.driveVolume(A, node);
        String fault = sim().admin().addFault(FaultSpec.error("POST", "connections", 503, null).onArray(A));

        storage.provision(drive);

        DriveAttachFailed failed = storage.awaitPools(DriveAttachFailed.class,
                e -> e.getDriveName().equals(drive.name()), 1).get(0);
        assertThat(failed.getFailure().getReason()).isEqualTo("ArrayUnavailable");
        assertThat(failed.getFailure().getRetryable()).isTrue();
        // The retry pass (every 300 ms in tests) asks again and again: never more than one job waits for the drive.
        await().during(Duration.ofSeconds(3)).atMost(Scene.DEADLINE).until(() -> waitingConnectJobsOf(node) <= 1);
        assertThat(connectedHosts(A, drive.name())).isEmpty();

        sim().admin().removeFault(fault);

        storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);
        assertThat(connectedHosts(A, drive.name())).containsExactly(node);
        assertThat(history(A, node, drive.name(), ConnectionEvent.CONNECT)).hasSize(1);
        assertThat(storage.pools(DriveAttachFailed.class, e -> e.getDriveName().equals(drive.name())))
                .as("the same failure is reported once").hasSize(1);
        await().until(() -> waitingConnectJobsOf(node) == 0);
    }

    /** Connect jobs of the node's drives that wait to run (service-kit's job table; a running one is held). */
    private static long waitingConnectJobsOf(String node) {
        try {
            return waitingConnectJobs(node);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long waitingConnectJobs(String node) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*) FROM kit_jobs WHERE kind = 'connect-drive'"
                                + " AND job_key = :node AND (locked_until IS NULL OR locked_until < now())", Long.class)
                        .setParameter("node", node).getSingleResult())));
    }

    @Test
    void somethingThatIsNotAnEventOnTheNewChannelsGoesToTheDeadLetterTopicAndTheRestGoesOn() {
        byte[] garbage = "not an event".getBytes(StandardCharsets.UTF_8);
        try (TopicReader deadLetters = new TopicReader(
                KafkaBroker.shared(), "mooring.dlq.attach-svc");
             EventSender raw = new EventSender()) {
            String node = scene.iscsiNode("after-garbage");
            raw.send("mooring.pools", null, node, garbage);
            raw.send("mooring.nodes", null, "garbage-node", garbage);
            raw.send("mooring.arrays", null, "garbage-array", garbage);
            SimDrive drive = storage.driveVolume(A, node);
            storage.provision(drive);

            assertThat(deadLetters.await(r -> Arrays.equals(r.value(), garbage), 3, Scene.DEADLINE))
                    .extracting(r -> r.key()).contains(node, "garbage-node", "garbage-array");
            storage.awaitPools(DriveAttached.class, e -> e.getDriveName().equals(drive.name()), 1);
        }
    }
}
