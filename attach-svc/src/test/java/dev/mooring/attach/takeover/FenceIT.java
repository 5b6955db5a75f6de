package dev.mooring.attach.takeover;

import static dev.mooring.attach.Scene.A;
import static dev.mooring.attach.Scene.B;
import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static dev.mooring.attach.Scene.connectedHosts;
import static dev.mooring.attach.Scene.history;
import static dev.mooring.attach.Scene.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.attach.Scene;
import dev.mooring.attach.Scene.SimVolume;
import dev.mooring.attach.StorageScene.SimDrive;
import dev.mooring.attach.WithScenes;
import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.service.HostConnector;
import dev.mooring.events.ArrayConnection;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.testing.SimulatorResource;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;

/**
 * The fence of a failed node is host-level, complete and ordered in PostgreSQL: a connect to the node's host in flight
 * when the fence starts finishes first and is removed by it, a later one is refused; every array in pure.json or
 * holding something of the node must confirm, none before the arrays are known; the failed host loses its initiators
 * (back on recovery); a fence an array cannot confirm says why, and an operator with the admin token can override it.
 */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class FenceIT extends WithScenes {

    private static final String ADMIN = "test-admin-token";

    @Inject
    HostConnector connector;

    @Inject
    ArraySteps steps;

    @Inject
    ArrayDirectory directory;

    @Test
    void aConnectInFlightWhenTheFenceStartsCommitsFirstAndIsRemovedAndALaterConnectIsRefused() throws Exception {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        SimVolume volume = scene.volume(A);
        NodeInitiators initiators = new NodeInitiators(List.of(Scene.iqnOf(failed)), List.of());
        // "Instance B": a connect that has passed its "still wanted" check and is held there until released.
        CompletableFuture<Void> checked = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> call(() -> connector.connect(A,
                failed, initiators, volume.name(), () -> {
                    checked.complete(null);
                    Context context = Vertx.currentContext();
                    return Uni.createFrom().completionStage(release)
                            .emitOn(task -> context.runOnContext(ignored -> task.run())).replaceWith(true);
                })));
        await().until(checked::isDone);

        // "Instance A": the takeover's fence starts while B's connect is in flight; it must wait for B's commit.
        NodeTakeoverDecided decided = storage.takeover(failed, replacement);
        storage.send("mooring.nodes", decided);
        await().until(() -> waitingOnNodeFence() >= 1);
        assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()))).isEmpty();

        release.complete(null);

        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isInstanceOf(AttachmentPaths.Path.class);
        NodeFenced fenced = storage.awaitNodes(NodeFenced.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        assertThat(fenced.getRemoved()).extracting(ArrayConnection::getVolume).contains(volume.name());
        assertThat(connectedHosts(A, volume.name())).isEmpty();
        long removedAt = history(A, failed, volume.name(), ConnectionEvent.DISCONNECT).get(0).seq();
        assertThat(history(A, failed, volume.name(), ConnectionEvent.CONNECT))
                .allSatisfy(c -> assertThat(c.seq()).isLessThan(removedAt));

        // A connect that checks after the fence committed is refused, with the reason, and makes nothing.
        Object late = call(() -> connector.connect(A, failed, initiators, volume.name(),
                () -> Uni.createFrom().item(true)));
        assertThat(late).isInstanceOfSatisfying(ArrayStepException.class, e -> {
            assertThat(e.reason()).isEqualTo(AttachFailureReason.NodeFenced);
            assertThat(e.getMessage()).contains(failed).contains("fenced");
        });
        assertThat(connectedHosts(A, volume.name())).isEmpty();
        assertThat(history(A, failed, volume.name(), ConnectionEvent.CONNECT)).hasSize(1);
        JsonPath view = api().get("/api/v1/nodes/" + failed).then().statusCode(200).extract().jsonPath();
        assertThat(view.getBoolean("hostFence.fenced")).isTrue();
        assertThat(view.getString("hostFence.takeoverId")).isEqualTo(decided.getTakeoverId());
    }

    @Test
    void theFailedHostLosesItsInitiatorsOnEveryArraySoALateConnectGrantsNothingUntilItRecovers() {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        SimDrive driveA = storage.driveVolume(A, failed);
        SimDrive driveB = storage.driveVolume(B, failed);
        storage.provision(driveA);
        storage.provision(driveB);
        storage.awaitPools(DriveAttached.class, e -> e.getNodeName().equals(failed), 2);
        assertThat(sim().fleet().host(A, failed).iqns()).isNotEmpty();
        NodeTakeoverDecided decided = storage.takeover(failed, replacement);

        storage.send("mooring.nodes", decided);

        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        assertThat(sim().fleet().host(A, failed).iqns()).isEmpty();
        assertThat(sim().fleet().host(B, failed).iqns()).isEmpty();
        // A connect request still on the wire when its caller gave up lands now, past every check: no initiator
        // can reach the volume through the host.
        SimVolume stray = scene.volume(A);
        call(() -> steps.connect(A, failed, stray.name()));
        assertThat(connectedHosts(A, stray.name())).containsExactly(failed);
        assertThat(sim().fleet().host(A, failed).iqns()).isEmpty();
        assertThat(sim().fleet().host(A, failed).wwns()).isEmpty();

        storage.send("mooring.nodes", storage.recovered(failed));

        storage.awaitNodes(NodeConnectionsVerified.class, e -> e.getNodeName().equals(failed), 1);
        assertThat(sim().fleet().host(A, failed).iqns()).containsExactly(Scene.iqnOf(failed));
        assertThat(sim().fleet().host(B, failed).iqns()).containsExactly(Scene.iqnOf(failed));
        JsonPath view = api().get("/api/v1/nodes/" + failed).then().statusCode(200).extract().jsonPath();
        assertThat(view.getBoolean("hostFence.fenced")).isFalse();
        assertThat(view.getLong("hostFence.epoch")).isEqualTo(2L);
    }

    @Test
    void anArrayOnlyTheNodesHostIsOnIsInTheScopeAndAFenceItCannotConfirmWaitsAndSaysWhy() throws Exception {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        // The node's host on an array that is not in pure.json any more (removed while the node was up).
        call(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO"
                + " node_host (id, node_name, array_name, host_name, origin, updated_at) VALUES (:id, :node,"
                + " 'array-gone', :node, 'created', now())").setParameter("id", "array-gone/" + failed)
                .setParameter("node", failed).executeUpdate())));
        NodeTakeoverDecided decided = storage.takeover(failed, replacement);

        storage.send("mooring.nodes", decided);

        NodeFencingFailed notConfirmed = storage.awaitNodes(NodeFencingFailed.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 2).get(1);
        assertThat(notConfirmed.getFailure().getMessage()).contains("array array-gone").contains("not registered");
        JsonPath view = api().get("/api/v1/nodes/" + failed).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("fences[0].phase")).isEqualTo("Fencing");
        assertThat(view.getMap("fences[0].unconfirmedArrays")).containsOnlyKeys("array-gone");
        assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()))).isEmpty();

        override(failed, ADMIN, Map.of("confirm", failed, "by", "alice", "reason", "array-gone was decommissioned"))
                .then().statusCode(200);

        NodeFenced fenced = storage.awaitNodes(NodeFenced.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        assertThat(fenced.getVerifiedArrays()).containsExactly(A, B); // array-gone was confirmed by the operator
        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
    }

    @Test
    void anEmptyScopeIsNotConfirmedUntilTheArraysAreKnown() throws Exception {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        String pureJson = Files.readString(SimulatorResource.pureJsonFile());
        NodeTakeoverDecided decided = storage.takeover(failed, replacement);
        try {
            directory.applyDocument("{}");
            await().until(() -> directory.arrays().isEmpty());

            storage.send("mooring.nodes", decided);

            NodeFencingFailed waiting = storage.awaitNodes(NodeFencingFailed.class,
                    e -> e.getTakeoverId().equals(decided.getTakeoverId()), 2).get(1);
            assertThat(waiting.getFailure().getMessage()).contains("no array is known");
            assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                    .isEmpty();
        } finally {
            directory.applyDocument(pureJson);
            await().until(() -> directory.registered().size() == 2);
        }
        NodeFenced fenced = storage.awaitNodes(NodeFenced.class,
                e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
        assertThat(fenced.getVerifiedArrays()).containsExactly(A, B);
    }

    @Test
    void aFenceAnArrayAnswersOnlyErrorsForKeepsRetryingSaysWhyAndAnAdminCanOverrideIt() {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        SimDrive driveA = storage.driveVolume(A, failed);
        storage.provision(driveA);
        storage.awaitPools(DriveAttached.class, e -> e.getNodeName().equals(failed), 1);
        double confirmationsBefore = confirmations();
        String fault = sim().admin().addFault(FaultSpec.error(null, "*", 503, null).onArray(B));
        try {
            NodeTakeoverDecided decided = storage.takeover(failed, replacement);

            storage.send("mooring.nodes", decided);

            // Each attempt waits out the client's own retries of the read on array-b (about 17 s).
            await().atMost(Duration.ofSeconds(90)).until(() -> storage.nodes(NodeFencingFailed.class,
                    e -> e.getTakeoverId().equals(decided.getTakeoverId())).size() >= 2);
            JsonPath view = api().get("/api/v1/nodes/" + failed).then().statusCode(200).extract().jsonPath();
            assertThat(view.getString("fences[0].phase")).isEqualTo("Fencing");
            assertThat(view.getInt("fences[0].attempts")).isGreaterThanOrEqualTo(2);
            assertThat(view.getMap("fences[0].unconfirmedArrays", String.class, String.class))
                    .containsOnlyKeys(B).hasValueSatisfying(new Condition<>(
                            v -> !v.isBlank(), "a reason"));
            assertThat(view.getString("fences[0].lastFailure")).contains("array " + B);
            await().until(() -> given().get("/q/metrics").asString()
                    .contains("mooring_attach_fence_unconfirmed_total{array=\"" + B + "\""));
            assertThat(given().get("/q/metrics").asString()).contains("mooring_attach_fences_stuck");
            await().until(() -> nodeEvents(failed, "NodeFenceNotConfirmed").size() == 1);
            assertThat(nodeEvents(failed, "NodeFenceNotConfirmed").get(0).getMessage()).contains(B);
            assertThat(connectedHosts(A, driveA.name())).isEmpty(); // array A is fenced meanwhile
            assertThat(sim().admin().connectionHistory(null, replacement, null, 0)).isEmpty();

            // Refused: no admin token, a wrong one, a confirmation that does not name the node, no reason.
            Map<String, String> body = Map.of("confirm", failed, "by", "alice", "reason", "array-b is being replaced");
            override(failed, null, body).then().statusCode(403)
                    .body("detail", containsString("Mooring-Admin-Token"));
            override(failed, "not-the-admin-token", body).then().statusCode(403)
                    .body("detail", containsString("not valid"));
            override(failed, ADMIN, Map.of("confirm", replacement, "by", "alice", "reason", "x")).then()
                    .statusCode(400).body("errors[0].field", equalTo("confirm"))
                    .body("detail", containsString(failed));
            override(failed, ADMIN, Map.of("confirm", failed, "by", "alice")).then().statusCode(400)
                    .body("errors[0].field", equalTo("reason"));
            override(replacement, ADMIN, Map.of("confirm", replacement, "by", "alice", "reason", "x")).then()
                    .statusCode(409);
            admin("lift", failed, ADMIN, body).then().statusCode(409)
                    .body("detail", containsString(decided.getTakeoverId()));
            assertThat(storage.nodes(NodeFenced.class, e -> e.getTakeoverId().equals(decided.getTakeoverId())))
                    .isEmpty();

            JsonPath overridden = override(failed, ADMIN, body).then().statusCode(200).extract().jsonPath();

            assertThat(overridden.getString("fences[0].override.by")).isEqualTo("alice");
            assertThat(overridden.getString("fences[0].override.reason")).isEqualTo("array-b is being replaced");
            assertThat(overridden.getList("fences[0].override.arrays", String.class)).containsExactly(B);
            assertThat(overridden.getString("fences[0].override.at")).isNotNull();
            NodeFenced fenced = storage.awaitNodes(NodeFenced.class,
                    e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1).get(0);
            assertThat(fenced.getVerifiedArrays()).containsExactly(A);
            // Confirmed at last (by the override): timed from the decision.
            await().until(() -> confirmations() >= confirmationsBefore + 1);
            storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
            assertThat(connectedHosts(A, driveA.name())).containsExactly(replacement);
            await().until(() -> nodeEvents(failed, "NodeFenceOverridden").size() == 1);
            assertThat(nodeEvents(failed, "NodeFenceOverridden").get(0).getMessage()).contains("alice")
                    .contains("array-b is being replaced");
        } finally {
            sim().admin().removeFault(fault);
        }
    }

    @Test
    void anAdminLiftsTheFenceOfANodeWhoseTakeoverFinishedAndItsHostsGetTheirInitiatorsBack() {
        String failed = scene.iscsiNode("failed");
        String replacement = scene.iscsiNode("replacement");
        SimDrive driveA = storage.driveVolume(A, failed);
        storage.provision(driveA);
        storage.awaitPools(DriveAttached.class, e -> e.getNodeName().equals(failed), 1);
        NodeTakeoverDecided decided = storage.takeover(failed, replacement);
        storage.send("mooring.nodes", decided);
        storage.awaitNodes(DrivesMoved.class, e -> e.getTakeoverId().equals(decided.getTakeoverId()), 1);
        assertThat(sim().fleet().host(A, failed).iqns()).isEmpty();
        Map<String, String> body = Map.of("confirm", failed, "by", "bob", "reason", "node repaired, rejoining");

        admin("lift", failed, null, body).then().statusCode(403);
        admin("lift", failed, ADMIN, Map.of("confirm", "someone-else", "by", "bob", "reason", "x")).then()
                .statusCode(400).body("errors[0].field", equalTo("confirm"));
        assertThat(sim().fleet().host(A, failed).iqns()).isEmpty();

        JsonPath lifted = admin("lift", failed, ADMIN, body).then().statusCode(200).extract().jsonPath();

        assertThat(lifted.getBoolean("hostFence.fenced")).isFalse();
        assertThat(lifted.getString("hostFence.reason")).contains("bob").contains("node repaired, rejoining");
        assertThat(sim().fleet().host(A, failed).iqns()).containsExactly(Scene.iqnOf(failed));
        await().until(() -> nodeEvents(failed, "NodeFenceLifted").size() == 1);
        admin("lift", failed, ADMIN, body).then().statusCode(409)
                .body("detail", containsString("not fenced"));
        // Attachments asked for now are ordinary ones: the host may be connected again.
        SimVolume volume = scene.volume(A);
        String attachment = api().contentType(ContentType.JSON)
                .body(Map.of("volumeId", volume.id(), "nodeName", failed)).post("/api/v1/attachments")
                .then().statusCode(202).extract().path("id");
        await().until(() -> "Attached".equals(api().get("/api/v1/attachments/" + attachment).path("state")));
        assertThat(connectedHosts(A, volume.name())).containsExactly(failed);
    }

    private Response override(String node, String adminToken, Map<String, String> body) {
        return admin("override", node, adminToken, body);
    }

    private Response admin(String act, String node, String adminToken,
                                                   Map<String, String> body) {
        var request = api().contentType(ContentType.JSON).body(body);
        if (adminToken != null) {
            request = request.header("Mooring-Admin-Token", adminToken);
        }
        return request.post("/api/v1/nodes/" + node + "/fence/" + act);
    }

    private List<Event> nodeEvents(String node, String reason) {
        return kube.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    /** Sessions of the service's database waiting for a lock on a node's fence row (a fence waiting for a connect). */
    private static long waitingOnNodeFence() {
        return ((Number) call(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE"
                        + " '%node_fence%' AND datname = current_database()").getSingleResult())))).longValue();
    }

    /** Runs reactive work on a Vert.x context from the test thread; a failure is returned, not thrown. */
    @SuppressWarnings("unchecked")
    private static <T> Object call(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> (Uni<Object>) work.get());
        } catch (Throwable e) {
            return e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
        }
    }

    /** Fences confirmed so far, as Prometheus scrapes it (the histogram's count). */
    private static double confirmations() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^mooring_attach_fence_confirmation_seconds_count(\\{[^}]*})? (\\S+)")
                .matcher(given().get("/q/metrics").asString());
        assertThat(m.find()).as("mooring_attach_fence_confirmation_seconds_count exported").isTrue();
        return Double.parseDouble(m.group(2));
    }
}
