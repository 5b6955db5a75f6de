package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.config.ApiToken;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Versions, login, sessions (idle expiry, admin expiry), roles and request ids over real HTTPS. */
class AuthIT extends SimulatorFixture {

    @Test
    void apiVersionNeedsNoLoginAndListsExpandedVersions() {
        RestClient anon = new RestClient(vertx, sim, "array-a");
        RestClient.Reply r = anon.raw(HttpMethod.GET, "/api/api_version", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().getJsonArray("version").getList()).contains("1.19", "2.0", "2.9", "2.10", "2.35", "2.36").doesNotContain("2.37");
        anon.close();
    }

    @Test
    void loginGivesASessionTokenAndTheUser() {
        RestClient c = new RestClient(vertx, sim, "array-a");
        RestClient.Reply r = c.login(sim.apiToken("array-a"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("x-auth-token")).isNotBlank();
        assertThat(r.item(0).getString("username")).isEqualTo("pureuser");
        assertThat(c.get("volumes").status()).isEqualTo(200);
        assertThat(c.post("logout", null).status()).isEqualTo(200);
        assertThat(c.get("volumes").status()).isEqualTo(401);
        c.close();
    }

    @Test
    void aBadTokenIs401WithErrors() {
        RestClient c = new RestClient(vertx, sim, "array-a");
        RestClient.Reply r = c.login("00000000-0000-4000-8000-000000000000");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.firstError()).isEqualTo("Invalid API token.");
        assertThat(c.login(sim.apiToken("array-b")).status()).as("a token of another array").isEqualTo(401);
        assertThat(c.login(null).status()).isEqualTo(401);
        c.close();
    }

    @Test
    void callsWithoutAValidSessionAre401InvalidSession() {
        RestClient c = new RestClient(vertx, sim, "array-a").session("no-such-session");
        RestClient.Reply r = c.get("volumes");
        assertThat(r.status()).isEqualTo(401);
        JsonObject err = r.body().getJsonArray("errors").getJsonObject(0);
        assertThat(err.getString("message")).isEqualTo("Invalid session.");
        assertThat(err.getJsonObject("location_context").getMap())
                .containsEntry("name", "array-a").containsEntry("id", null).containsEntry("resource_type", "remote-arrays");
        assertThat(new RestClient(vertx, sim, "array-b").session(a.session()).get("volumes").status())
                .as("a session of array-a is not valid on array-b").isEqualTo(401);
    }

    @Test
    void sessionsExpireAfterTheIdleTtl() {
        clock.advance(Duration.ofMinutes(59));
        assertThat(a.get("volumes").status()).as("use refreshes the idle timer").isEqualTo(200);
        clock.advance(Duration.ofMinutes(59));
        assertThat(a.get("volumes").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        assertThat(a.get("volumes").status()).isEqualTo(401);
        assertThat(a.get("volumes").firstError()).isEqualTo("Invalid session.");
        a.login(sim.apiToken("array-a"));
        assertThat(a.get("volumes").status()).isEqualTo(200);
    }

    @Test
    void theAdminCanExpireSessionsNow() {
        RestClient.Reply r = admin(HttpMethod.POST, "/admin/v1/sessions/expire", new JsonObject().put("array", "array-a"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(a.get("volumes").status()).isEqualTo(401);
        assertThat(b.get("volumes").status()).isEqualTo(200);
        assertThat(sim.admin().expireSessions(null)).isEqualTo(1);
        assertThat(b.get("volumes").status()).isEqualTo(401);
    }

    @Test
    void readonlyUsersMayOnlyRead() {
        String readonly = sim.config().array("array-a").apiTokens().stream()
                .filter(t -> t.role().equals(ApiToken.READONLY)).findFirst().orElseThrow().token();
        RestClient ro = new RestClient(vertx, sim, "array-a");
        assertThat(ro.login(readonly).item(0).getString("username")).isEqualTo("viewer");
        assertThat(ro.get("volumes").status()).isEqualTo(200);
        RestClient.Reply r = ro.post("volumes?names=v1", new JsonObject());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.firstError()).contains("readonly");
        assertThat(r.body().getString("message")).as("py-pure-client reads a 403 from the top-level message").isEqualTo(r.firstError());
        assertThat(ro.post("logout", null).status()).isEqualTo(200);
        ro.close();
    }

    @Test
    void unsupportedVersionsAndEndpointsOutsideTheirVersionsAre404() {
        assertThat(a.version("2.37").get("volumes").status()).isEqualTo(404);
        assertThat(a.version("1.19").get("volumes").status()).isEqualTo(404);
        assertThat(a.version("2.0").get("pods").status()).as("pods start at 2.1").isEqualTo(404);
        assertThat(a.version("2.1").get("pods").status()).isEqualTo(200);
        assertThat(a.version("2.1").get("arrays").status()).as("arrays start at 2.2").isEqualTo(404);
        assertThat(a.version("2.3").get("network-interfaces").status()).isEqualTo(404);
        assertThat(a.version("2.4").get("network-interfaces").status()).isEqualTo(200);
        assertThat(a.version("2.35").get("realms").status()).isEqualTo(404);
        assertThat(a.version("2.35").get("pods/arrays").status()).isEqualTo(200);
        assertThat(a.version("2.36").get("pods/arrays").status()).as("pods/arrays is deprecated from 2.36, not removed").isEqualTo(200);
        assertThat(a.version("2.35").get("pods/members").status()).isEqualTo(404);
        assertThat(a.version("2.36").get("pods/members").status()).isEqualTo(200);
        assertThat(a.version("2.36").get("no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void anArrayCanBeLimitedToOlderVersions() {
        stopSimulator();
        vertx = io.vertx.core.Vertx.vertx();
        sim = dev.mooring.flasharray.sim.FlashArraySimulator.start(config().withArray("array-a", x -> x.withRestVersions("1.19", "2.0-2.17")), vertx);
        a = new RestClient(vertx, sim, "array-a").version("2.17");
        b = new RestClient(vertx, sim, "array-b");
        assertThat(a.raw(HttpMethod.GET, "/api/api_version", null).body().getJsonArray("version").getList()).endsWith("2.17");
        assertThat(a.login(sim.apiToken("array-a")).status()).isEqualTo(200);
        assertThat(a.version("2.18").get("volumes").status()).isEqualTo(404);
    }

    @Test
    void requestIdsAreEchoedOrGenerated() {
        var web = io.vertx.ext.web.client.WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setSsl(true)
                .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertValue(io.vertx.core.buffer.Buffer.buffer(sim.certificatePem()))));
        int port = sim.port("array-a");
        var echoed = web.get(port, "127.0.0.1", "/api/api_version").putHeader("X-Request-ID", "req-42").send()
                .toCompletionStage().toCompletableFuture().join();
        assertThat(echoed.getHeader("X-Request-ID")).isEqualTo("req-42");
        var generated = web.get(port, "localhost", "/api/api_version").send().toCompletionStage().toCompletableFuture().join();
        assertThat(generated.getHeader("X-Request-ID")).isNotBlank();
        web.close();
    }
}
