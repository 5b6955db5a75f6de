package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API: faults (429 headers, "after" phase, counts, latency), history, hand-removed connections, space. */
class AdminIT extends SimulatorFixture {

    @Test
    void rateLimitFaultsCarryTheHeaders() {
        RestClient.Reply added = admin(HttpMethod.POST, "/admin/v1/faults",
                json("{\"array\":\"array-a\",\"method\":\"GET\",\"endpoint\":\"volumes\",\"status\":429,\"count\":2}"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().getString("id")).isNotBlank();
        RestClient.Reply limited = a.get("volumes");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().get("X-RateLimit-Limit-second")).isNotBlank();
        assertThat(limited.headers().get("X-RateLimit-Limit-minute")).isNotBlank();
        assertThat(limited.headers().get("X-RateLimit-Remaining-second")).isEqualTo("0");
        assertThat(limited.headers().get("X-RateLimit-Remaining-minute")).isEqualTo("0");
        assertThat(limited.headers().get("Retry-After")).isEqualTo("1");
        assertThat(limited.body().getJsonArray("errors")).isNotEmpty();
        assertThat(limited.body().getString("message")).as("py-pure-client reads a 429 from the top-level message").isEqualTo("Too many requests.");
        assertThat(limited.firstError()).isEqualTo("Too many requests.");
        assertThat(limited.headers().get("RateLimit-Reset")).isEqualTo("1");
        assertThat(b.get("volumes").status()).as("other arrays unaffected").isEqualTo(200);
        assertThat(a.get("hosts").status()).as("other endpoints unaffected").isEqualTo(200);
        assertThat(admin(HttpMethod.GET, "/admin/v1/faults", null).body().getJsonArray("items").getJsonObject(0).getInteger("count")).isEqualTo(1);
        assertThat(a.get("volumes").status()).isEqualTo(429);
        assertThat(a.get("volumes").status()).as("count exhausted").isEqualTo(200);
        assertThat(admin(HttpMethod.GET, "/admin/v1/faults", null).body().getJsonArray("items")).isEmpty();
    }

    @Test
    void theFaultListTellsHowOftenEachFaultFiredAlsoAfterItWasUsedUp() {
        String counted = admin(HttpMethod.POST, "/admin/v1/faults",
                json("{\"array\":\"array-a\",\"method\":\"GET\",\"endpoint\":\"hosts\",\"status\":503,\"count\":2}")).body().getString("id");
        String never = admin(HttpMethod.POST, "/admin/v1/faults",
                json("{\"array\":\"array-b\",\"method\":\"DELETE\",\"endpoint\":\"hosts\",\"status\":500}")).body().getString("id");
        assertThat(a.get("hosts").status()).isEqualTo(503);
        assertThat(a.get("hosts").status()).isEqualTo(503);
        assertThat(a.get("hosts").status()).as("count exhausted").isEqualTo(200);

        var fired = admin(HttpMethod.GET, "/admin/v1/faults", null).body().getJsonObject("fired");
        assertThat(fired.getLong(counted)).as("the used-up fault's firings stay").isEqualTo(2L);
        assertThat(fired.getLong(never)).isZero();
        assertThat(sim.admin().faultsFired()).containsEntry(counted, 2L).containsEntry(never, 0L);
        admin(HttpMethod.DELETE, "/admin/v1/faults", null);
    }

    @Test
    void anAfterFaultPerformsTheOperationThenFails() {
        admin(HttpMethod.POST, "/admin/v1/faults", json("{\"method\":\"POST\",\"endpoint\":\"volumes\",\"status\":500,\"count\":1,\"phase\":\"after\",\"message\":\"Server is busy\"}"));
        RestClient.Reply r = a.post("volumes?names=maybe", null);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.firstError()).isEqualTo("Server is busy");
        assertThat(a.get("volumes?names=maybe").status()).as("it happened all the same").isEqualTo(200);
        admin(HttpMethod.POST, "/admin/v1/faults", json("{\"method\":\"POST\",\"endpoint\":\"volumes\",\"status\":503,\"count\":1}"));
        assertThat(a.post("volumes?names=never", null).status()).isEqualTo(503);
        assertThat(a.get("volumes?names=never").status()).as("a 'before' fault does nothing").isEqualTo(400);
    }

    @Test
    void faultsCanBeListedRemovedAndCleared() {
        String id = admin(HttpMethod.POST, "/admin/v1/faults", json("{\"endpoint\":\"*\",\"status\":503}")).body().getString("id");
        assertThat(a.get("hosts").status()).isEqualTo(503);
        assertThat(admin(HttpMethod.DELETE, "/admin/v1/faults/" + id, null).status()).isEqualTo(200);
        assertThat(a.get("hosts").status()).isEqualTo(200);
        sim.admin().addFault(FaultSpec.error(null, "*", 500, null));
        sim.admin().addFault(FaultSpec.error("GET", "pods", 429, 3));
        assertThat(sim.admin().faults()).hasSize(2);
        assertThat(admin(HttpMethod.DELETE, "/admin/v1/faults", null).status()).isEqualTo(200);
        assertThat(sim.admin().faults()).isEmpty();
        assertThat(a.get("hosts").status()).isEqualTo(200);
    }

    @Test
    void latencyAloneDelaysTheAnswer() {
        admin(HttpMethod.POST, "/admin/v1/faults", json("{\"array\":\"array-a\",\"endpoint\":\"hosts\",\"latencyMs\":300,\"count\":1}"));
        long start = System.nanoTime();
        RestClient.Reply r = a.get("hosts");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(ms).isGreaterThanOrEqualTo(290);
    }

    @Test
    void aSeededRateIsReproducible() {
        sim.admin().addFault(new FaultSpec(null, "array-a", "GET", "hosts", 503, null, 0.5, 0, null, null, 7L));
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            first.append(a.get("hosts").status() == 503 ? 'x' : '.');
        }
        sim.admin().clearFaults();
        sim.admin().addFault(new FaultSpec(null, "array-a", "GET", "hosts", 503, null, 0.5, 0, null, null, 7L));
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            second.append(a.get("hosts").status() == 503 ? 'x' : '.');
        }
        assertThat(second.toString()).isEqualTo(first.toString()).contains("x").contains(".");
    }

    @Test
    void connectionHistoryIsCompleteAndOrderedAcrossArrays() {
        a.post("hosts?names=h1", null);
        b.post("hosts?names=h1", null);
        a.post("volumes?names=pod1::v1", null);
        a.post("connections?host_names=h1&volume_names=pod1::v1", null);
        b.post("connections?host_names=h1&volume_names=pod1::v1", null);
        a.post("host-groups?names=hg", null);
        a.post("hosts?names=h2", null);
        a.post("host-groups/hosts?group_names=hg&member_names=h2", null);
        a.post("volumes?names=shared", null);
        a.post("connections?host_group_names=hg&volume_names=shared", null);
        a.delete("host-groups/hosts?group_names=hg&member_names=h2");
        RestClient.Reply removed = admin(HttpMethod.DELETE, "/admin/v1/arrays/array-b/connections?host_names=h1&volume_names=pod1::v1", null);
        assertThat(removed.status()).isEqualTo(200);
        a.delete("connections?host_names=h1&volume_names=pod1::v1");

        JsonArray items = admin(HttpMethod.GET, "/admin/v1/connection-history", null).body().getJsonArray("items");
        assertThat(items).hasSize(6);
        List<String> summary = items.stream().map(o -> (JsonObject) o)
                .map(e -> e.getString("array") + " " + e.getString("host") + " " + e.getString("volume") + " " + e.getString("action") + " " + e.getString("cause"))
                .toList();
        assertThat(summary).containsExactly(
                "array-a h1 pod1::v1 connect api",
                "array-b h1 pod1::v1 connect api",
                "array-a h2 shared connect api",
                "array-a h2 shared disconnect host-group",
                "array-b h1 pod1::v1 disconnect admin",
                "array-a h1 pod1::v1 disconnect api");
        JsonObject first = items.getJsonObject(0);
        assertThat(first.getLong("seq")).isEqualTo(1);
        assertThat(first.getString("at")).endsWith("Z");
        assertThat(first.getLong("atMillis")).isEqualTo(clock.millis());
        assertThat(first.getInteger("lun")).isEqualTo(1);
        assertThat(items.getJsonObject(2).getString("hostGroup")).isEqualTo("hg");
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.getJsonObject(i).getLong("seq")).isGreaterThan(items.getJsonObject(i - 1).getLong("seq"));
        }
        assertThat(admin(HttpMethod.GET, "/admin/v1/connection-history?array=array-b", null).body().getJsonArray("items")).hasSize(2);
        assertThat(admin(HttpMethod.GET, "/admin/v1/connection-history?after=4", null).body().getJsonArray("items")).hasSize(2);
        assertThat(admin(HttpMethod.GET, "/admin/v1/connection-history?host=h2&volume=shared", null).body().getJsonArray("items")).hasSize(2);
        assertThat(sim.admin().connectionHistory()).hasSize(6);
    }

    @Test
    void writtenBytesDriveSpaceThroughTheAdminApi() {
        a.post("volumes?names=v1", json("{\"provisioned\":1073741824}"));
        RestClient.Reply r = admin(HttpMethod.PUT, "/admin/v1/arrays/array-a/volumes/v1/written", json("{\"bytes\":536870912}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(a.get("volumes?names=v1").item(0).getJsonObject("space").getLong("total_used")).isEqualTo(536870912L);
        assertThat(a.get("arrays/space").item(0).getJsonObject("space").getLong("total_physical")).isEqualTo(536870912L);
        RestClient.Reply tooMuch = admin(HttpMethod.PUT, "/admin/v1/arrays/array-a/volumes/v1/written", json("{\"bytes\":2147483648}"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.body().getString("field")).isEqualTo("bytes");
    }

    @Test
    void badAdminInputIs400NamingTheField() {
        assertThat(admin(HttpMethod.POST, "/admin/v1/faults", json("{\"status\":418}")).body().getString("field")).isEqualTo("status");
        assertThat(admin(HttpMethod.POST, "/admin/v1/faults", json("{\"status\":500,\"rate\":2}")).body().getString("field")).isEqualTo("rate");
        assertThat(admin(HttpMethod.POST, "/admin/v1/faults", json("{\"status\":500,\"array\":\"nope\"}")).body().getString("field")).isEqualTo("array");
        assertThat(admin(HttpMethod.POST, "/admin/v1/faults", json("{\"status\":500,\"phase\":\"during\"}")).body().getString("field")).isEqualTo("phase");
        RestClient.Reply r = admin(HttpMethod.POST, "/admin/v1/links/array-a/array-x/cut", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().getString("error")).contains("array-x");
        assertThat(admin(HttpMethod.POST, "/admin/v1/mediator/unreachable", json("{\"arrays\":\"array-a\"}")).body().getString("field")).isEqualTo("arrays");
        assertThat(admin(HttpMethod.DELETE, "/admin/v1/arrays/array-a/connections?host_names=h", null).body().getString("field")).isEqualTo("volume_names");
        assertThat(admin(HttpMethod.GET, "/admin/v1/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void stateDescribesArraysLinksMediatorAndPods() {
        JsonObject s = admin(HttpMethod.GET, "/admin/v1/state", null).body();
        assertThat(s.getJsonArray("arrays").getJsonObject(0).getInteger("port")).isEqualTo(sim.port("array-a"));
        assertThat(s.getJsonArray("links").getJsonObject(0).getString("state")).isEqualTo("up");
        assertThat(s.getJsonObject("mediator").getJsonObject("reachable").getBoolean("array-b")).isTrue();
        assertThat(s.getJsonArray("pods").getJsonObject(0).getJsonArray("status")).hasSize(2);
    }

    @Test
    void adminUrlThrowsWhenDisabled() {
        try (FlashArraySimulator plain = FlashArraySimulator.start(SimulatorConfig.twoArraysWithStretchedPod()
                .withAdmin(dev.mooring.flasharray.sim.config.AdminConfig.disabled()))) {
            assertThatThrownBy(plain::adminUrl).isInstanceOf(IllegalStateException.class);
            plain.admin().cutLink("array-a", "array-b");
            assertThat(plain.fleet().podInfo("array-b", "pod1").on("array-b").status()).isEqualTo("offline");
        }
    }
}
