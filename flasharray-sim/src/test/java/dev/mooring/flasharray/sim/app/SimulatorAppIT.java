package dev.mooring.flasharray.sim.app;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The standalone application starts the simulator from a config file and serves api_version over HTTPS. */
@QuarkusTest
class SimulatorAppIT {
    @Inject
    SimulatorApp app;

    @Inject
    Vertx vertx;

    @Test
    void startsFromTheConfigFileAndServesHttps() throws Exception {
        FlashArraySimulator sim = app.simulator();
        assertThat(sim).isNotNull();
        assertThat(sim.arrayNames()).containsExactly("array-a", "array-b");
        assertThat(sim.apiToken("array-a")).isEqualTo("3bdf3b60-f0c0-4a8e-83c1-b794ba8f3a96");
        // written at start (content not compared: a concurrent reactor build may rewrite the same file)
        assertThat(Files.readString(Path.of("target/sim-test-cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

        WebClient web = WebClient.create(vertx, new WebClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(sim.certificatePem()))));
        try {
            HttpResponse<Buffer> r = web.get(sim.port("array-b"), "127.0.0.1", "/api/api_version").send()
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getJsonArray("version").getList()).contains("2.36");
        } finally {
            web.close();
        }
    }

    @Test
    void readinessReportsTheArrays() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("flasharray-sim"));
    }
}
