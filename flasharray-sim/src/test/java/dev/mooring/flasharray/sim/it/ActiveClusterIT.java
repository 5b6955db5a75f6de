package dev.mooring.flasharray.sim.it;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A stretched pod seen from both arrays, and the failover story: cut, Mediator race, refusal, resync, online. */
class ActiveClusterIT extends SimulatorFixture {

    private static JsonObject statusOf(RestClient.Reply pods, String array) {
        JsonArray arrays = pods.item(0).getJsonArray("arrays");
        for (Object o : arrays) {
            JsonObject s = (JsonObject) o;
            if (s.getString("name").equals(array)) {
                return s;
            }
        }
        throw new AssertionError("no " + array + " in " + arrays);
    }

    @Test
    void aStretchedPodAndItsVolumesAreTheSameOnBothArrays() {
        JsonObject podA = a.get("pods?names=pod1").item(0);
        JsonObject podB = b.get("pods?names=pod1").item(0);
        assertThat(podA.getString("id")).isEqualTo(podB.getString("id"));
        assertThat(podA.getInteger("array_count")).isEqualTo(2);
        assertThat(podA.getString("mediator")).isEqualTo("purestorage");
        assertThat(podA.getJsonArray("failover_preferences").getJsonObject(0).getString("name")).isEqualTo("array-a");
        assertThat(statusOf(a.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("online");

        JsonObject created = b.post("volumes?names=pod1::pvc-1", json("{\"provisioned\":10737418240}")).item(0);
        JsonObject seenFromA = a.get("volumes?names=pod1::pvc-1").item(0);
        assertThat(seenFromA.getString("id")).isEqualTo(created.getString("id"));
        assertThat(seenFromA.getString("serial")).isEqualTo(created.getString("serial")).startsWith("704F2C1A9B3E4C5D");
        assertThat(seenFromA.getJsonObject("pod").getString("name")).isEqualTo("pod1");
        assertThat(a.get("volumes?filter=" + java.net.URLEncoder.encode("pod.name='pod1'", java.nio.charset.StandardCharsets.UTF_8)).items()).hasSize(1);
        assertThat(a.post("volumes?names=pod1::pvc-1", null).firstError()).isEqualTo("Volume already exists.");
        assertThat(a.post("volumes?names=nopod::v", null).firstError()).isEqualTo("Pod does not exist.");
    }

    @Test
    void linkCutThenRestoreGoesOfflineResyncingOnline() {
        a.post("volumes?names=pod1::v1", null);
        long cutAt = clock.millis();
        RestClient.Reply cut = admin(HttpMethod.POST, "/admin/v1/links/array-a/array-b/cut", null);
        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.body().getJsonArray("links").getJsonObject(0).getString("state")).isEqualTo("cut");

        JsonObject bSelf = statusOf(b.get("pods?names=pod1"), "array-b");
        assertThat(bSelf.getString("status")).isEqualTo("offline");
        assertThat(bSelf.getLong("frozen_at")).isEqualTo(cutAt);
        assertThat(statusOf(b.get("pods?names=pod1"), "array-a").getString("status")).as("the loser's view of its peer").isEqualTo("unknown");
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getString("status")).isEqualTo("online");
        assertThat(statusOf(a.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("offline");

        RestClient.Reply refused = b.post("volumes?names=pod1::v2", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.firstError()).isEqualTo("Cannot modify pod pod1: the pod is offline on this array.");
        assertThat(b.patch("volumes?names=pod1::v1", json("{\"provisioned\":2097152}")).firstError()).contains("offline on this array");
        b.post("hosts?names=hb", null);
        assertThat(b.post("connections?host_names=hb&volume_names=pod1::v1", null).firstError()).contains("offline on this array");
        assertThat(a.post("volumes?names=pod1::v2", null).status()).as("the winner serves").isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        admin(HttpMethod.POST, "/admin/v1/links/array-a/array-b/restore", null);
        JsonObject resync = statusOf(b.get("pods?names=pod1"), "array-b");
        assertThat(resync.getString("status")).isEqualTo("resyncing");
        assertThat(resync.getDouble("progress")).isEqualTo(0.0);
        clock.advance(Duration.ofSeconds(5));
        assertThat(statusOf(a.get("pods?names=pod1"), "array-b").getDouble("progress")).isEqualTo(0.5);
        assertThat(b.post("volumes?names=pod1::v3", null).firstError()).contains("resyncing on this array");
        clock.advance(Duration.ofSeconds(5));
        JsonObject online = statusOf(b.get("pods?names=pod1"), "array-b");
        assertThat(online.getString("status")).isEqualTo("online");
        assertThat(online.getValue("frozen_at")).isNull();
        assertThat(online.getValue("progress")).isNull();
        assertThat(b.post("volumes?names=pod1::v3", null).status()).isEqualTo(200);
    }

    @Test
    void cuttingLinkAndMediatorTogetherLeavesBothOffline() {
        admin(HttpMethod.POST, "/admin/v1/links/array-a/array-b/cut", new JsonObject().put("mediatorReachable", false));
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getString("status")).isEqualTo("offline");
        assertThat(statusOf(b.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("offline");
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getString("mediator_status")).isEqualTo("unreachable");
        assertThat(a.post("volumes?names=pod1::v", null).firstError()).contains("offline on this array");
    }

    @Test
    void preElectionShowsWhenTheMediatorIsLostWhileLinked() {
        RestClient.Reply r = admin(HttpMethod.POST, "/admin/v1/mediator/unreachable", null);
        assertThat(r.body().getJsonArray("pods").getJsonObject(0).getString("preElected")).isEqualTo("array-a");
        assertThat(statusOf(b.get("pods?names=pod1"), "array-a").getBoolean("pre_elected")).isTrue();
        admin(HttpMethod.POST, "/admin/v1/links/array-a/array-b/cut", null);
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getString("status")).isEqualTo("online");
        assertThat(statusOf(b.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("offline");
        admin(HttpMethod.POST, "/admin/v1/mediator/reachable", new JsonObject().put("arrays", new JsonArray().add("array-a")));
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getBoolean("pre_elected")).isFalse();
    }

    @Test
    void anArrayThatIsDownRefusesConnectionsAndResyncsWhenUp() throws Exception {
        int port = sim.port("array-b");
        RestClient.Reply down = admin(HttpMethod.POST, "/admin/v1/arrays/array-b/down", null);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.body().getJsonArray("arrays").getJsonObject(1).getBoolean("up")).isFalse();
        NetClient net = vertx.createNetClient();
        var attempt = net.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture();
        assertThat(attempt).failsWithin(Duration.ofSeconds(10));
        net.close();
        assertThat(statusOf(a.get("pods?names=pod1"), "array-a").getString("status")).isEqualTo("online");
        assertThat(statusOf(a.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("offline");

        admin(HttpMethod.POST, "/admin/v1/arrays/array-b/up", null);
        assertThat(sim.port("array-b")).isEqualTo(port);
        assertThat(b.get("volumes").status()).as("sessions die with the array").isEqualTo(401);
        b.login(sim.apiToken("array-b"));
        assertThat(statusOf(b.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("resyncing");
        clock.advance(Duration.ofSeconds(10));
        assertThat(statusOf(b.get("pods?names=pod1"), "array-b").getString("status")).isEqualTo("online");
    }

    @Test
    void stretchAndUnstretchThroughPodsArraysAndPodsMembers() {
        a.post("pods?names=p2", json("{\"failover_preferences\":[{\"name\":\"array-a\"}]}"));
        RestClient old = new RestClient(vertx, sim, "array-a").version("2.35");
        old.login(sim.apiToken("array-a"));
        JsonArray rows = old.post("pods/arrays?group_names=p2&member_names=array-b", null).items();
        assertThat(rows).as("the added member").hasSize(1);
        assertThat(rows.getJsonObject(0).getJsonObject("member").getString("name")).isEqualTo("array-b");
        assertThat(rows.getJsonObject(0).getJsonObject("group").getString("name")).isEqualTo("p2");
        assertThat(rows.getJsonObject(0).fieldNames()).as("a membership row carries references only").containsExactlyInAnyOrder("group", "member");
        assertThat(statusOf(a.get("pods?names=p2"), "array-b").getString("status")).as("the new member's state is in the pod").isEqualTo("online");
        assertThat(b.get("pods?names=p2").item(0).getInteger("array_count")).isEqualTo(2);
        assertThat(old.get("pods/arrays?group_names=p2").items()).hasSize(2);
        assertThat(a.patch("pods?names=p2", json("{\"destroyed\":true}")).firstError()).contains("stretched");
        assertThat(a.delete("pods/members?pod_names=p2&member_names=array-b").status()).isEqualTo(200);
        assertThat(a.get("pods?names=p2").item(0).getInteger("array_count")).isEqualTo(1);
        JsonObject copy = b.get("pods?names=p2").item(0);
        assertThat(copy.getBoolean("destroyed")).as("the copy left on array-b").isTrue();
        assertThat(a.get("pods/members?pod_names=pod1").items()).hasSize(2);
        assertThat(a.patch("pods?names=p2", json("{\"destroyed\":true}")).item(0).getBoolean("destroyed")).isTrue();
        assertThat(a.delete("pods?names=p2").status()).isEqualTo(200);
        old.close();
    }

    @Test
    void realmPods() {
        stopSimulator();
        vertx = io.vertx.core.Vertx.vertx();
        sim = dev.mooring.flasharray.sim.FlashArraySimulator.start(config().withArray("array-a", x -> x.withRealms("tenant1")), vertx);
        a = new RestClient(vertx, sim, "array-a");
        b = new RestClient(vertx, sim, "array-b");
        a.login(sim.apiToken("array-a"));
        assertThat(a.get("realms").item(0).getString("name")).isEqualTo("tenant1");
        assertThat(a.post("pods?names=tenant1", null).firstError()).contains("realm");
        assertThat(a.post("pods?names=tenant1::px", null).item(0).getString("name")).as("the realm is in the qualified name").isEqualTo("tenant1::px");
        assertThat(a.post("volumes?names=tenant1::px::vol1", null).item(0).getString("name")).isEqualTo("tenant1::px::vol1");
        assertThat(a.version("2.35").get("pods/arrays").items().stream()
                .noneMatch(o -> ((JsonObject) o).getJsonObject("group").getString("name").startsWith("tenant1"))).isTrue();
    }
}
