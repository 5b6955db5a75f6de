package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API answers only callers that present its token; without the setting it does not listen at all. */
class AdminAuthIT extends SimulatorFixture {

    @Test
    void withoutATokenNothingIsDoneAndTheAnswerSaysWhatIsMissing() {
        RestClient.Reply r = adminWith(null, HttpMethod.POST, "/admin/v1/links/array-a/array-b/cut", null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.body().getString("error"))
                .isEqualTo("a bearer token is required: send 'Authorization: Bearer <admin.token>'");
        assertThat(admin(HttpMethod.GET, "/admin/v1/state", null).body().getJsonArray("links").getJsonObject(0)
                .getString("state")).as("the link was not cut").isEqualTo("up");
    }

    @Test
    void aWrongTokenOrAnotherSchemeIsRefusedWithoutRepeatingIt() {
        for (String authorization : new String[]{"Bearer " + ADMIN_TOKEN + "x", "Bearer " + ADMIN_TOKEN.substring(1),
                "Bearer ", "Basic " + ADMIN_TOKEN}) {
            RestClient.Reply r = adminWith(authorization, HttpMethod.GET, "/admin/v1/faults", null);
            assertThat(r.status()).as(authorization).isEqualTo(401);
            assertThat(r.body().encode()).doesNotContain(ADMIN_TOKEN.substring(1));
        }
        assertThat(adminWith("Bearer wrong", HttpMethod.GET, "/admin/v1/faults", null).body().getString("error"))
                .isEqualTo("the bearer token is not valid");
    }

    @Test
    void anUnknownPathIsRefusedBeforeItIsLookedUp() {
        assertThat(adminWith(null, HttpMethod.GET, "/admin/v1/nothing", null).status()).isEqualTo(401);
        assertThat(admin(HttpMethod.GET, "/admin/v1/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void theRightTokenWorksWhateverTheCaseOfTheScheme() {
        assertThat(admin(HttpMethod.POST, "/admin/v1/links/array-a/array-b/cut", null).status()).isEqualTo(200);
        assertThat(adminWith("bearer " + ADMIN_TOKEN, HttpMethod.POST, "/admin/v1/links/array-a/array-b/restore", null)
                .status()).isEqualTo(200);
    }

    @Test
    void withoutTheSettingTheAdminApiDoesNotListen() {
        try (FlashArraySimulator plain = FlashArraySimulator.start(SimulatorConfig.twoArraysWithStretchedPod())) {
            assertThatThrownBy(plain::adminUrl).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the admin API is disabled");
        }
    }
}
