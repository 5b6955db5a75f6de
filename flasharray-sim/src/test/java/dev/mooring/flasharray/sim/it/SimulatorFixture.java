package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.AdminConfig;
import dev.mooring.flasharray.sim.config.ManualClock;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starts the two-array sample on a manual clock before each test, with a logged-in client per array. */
abstract class SimulatorFixture {
    protected Vertx vertx;
    protected ManualClock clock;
    protected FlashArraySimulator sim;
    protected RestClient a;
    protected RestClient b;
    private WebClient admin;

    /** The admin API's token in these tests (at least 32 characters, as the configuration requires). */
    protected static final String ADMIN_TOKEN = "it-admin-token-9c41d7e2b8a0f3561e2d";

    protected SimulatorConfig config() {
        return SimulatorConfig.twoArraysWithStretchedPod().withClock(clock).withResyncDuration(Duration.ofSeconds(10))
                .withAdmin(AdminConfig.enabledOnPort(0, ADMIN_TOKEN));
    }

    @BeforeEach
    void startSimulator() {
        vertx = Vertx.vertx();
        clock = ManualClock.startingNow();
        sim = FlashArraySimulator.start(config(), vertx);
        a = new RestClient(vertx, sim, "array-a");
        b = new RestClient(vertx, sim, "array-b");
        a.login(sim.apiToken("array-a"));
        b.login(sim.apiToken("array-b"));
        admin = WebClient.create(vertx);
    }

    @AfterEach
    void stopSimulator() {
        a.close();
        b.close();
        admin.close();
        sim.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Calls the admin HTTP API with its token; returns status and JSON body. */
    protected RestClient.Reply admin(HttpMethod method, String path, JsonObject body) {
        return adminWith("Bearer " + ADMIN_TOKEN, method, path, body);
    }

    /** Calls the admin HTTP API with this Authorization header (null: none). */
    protected RestClient.Reply adminWith(String authorization, HttpMethod method, String path, JsonObject body) {
        String url = sim.adminUrl() + path;
        var req = admin.requestAbs(method, url);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        try {
            HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return new RestClient.Reply(r.statusCode(), r.headers(), r.body() == null ? null : r.body().toJsonObject());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonObject json(String s) {
        return new JsonObject(s);
    }
}
