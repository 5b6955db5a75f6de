package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT {
    @Test
    void startsAndAnswers() {
        Vertx vertx = Vertx.vertx();
        try (FlashArraySimulator sim = FlashArraySimulator.start(SimulatorConfig.twoArraysWithStretchedPod());
             RestClient c = new RestClient(vertx, sim, "array-a")) {
            assertThat(c.raw(io.vertx.core.http.HttpMethod.GET, "/api/api_version", null).status()).isEqualTo(200);
            assertThat(c.login(sim.apiToken("array-a")).status()).isEqualTo(200);
            RestClient.Reply r = c.post("volumes?names=v1", new JsonObject().put("provisioned", 1048576));
            System.out.println(r.body().encodePrettily());
            assertThat(r.status()).isEqualTo(200);
        } finally {
            vertx.close();
        }
    }
}
