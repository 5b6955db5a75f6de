package dev.mooring.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service started as in production with a sample token among its tokens: it stops before doing anything. */
@QuarkusMainTest
@TestProfile(ApiTokensRefusedAtStartIT.SampleTokenInProduction.class)
class ApiTokensRefusedAtStartIT {

    /** The production rule on, and the k8s sample's token left in the Secret as the second of three. */
    public static class SampleTokenInProduction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.api.strong-tokens-required", "true",
                    "mooring.api.tokens", "9f3c2a1b0e8d7c6b5a4f3e2d1c0b9a8f,replace-with-a-long-random-token,"
                            + "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void theServiceRefusesToStartNamingTheEntryButNotTheToken(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).contains("mooring.api.tokens: entry 2 of 3 is a sample value")
                .doesNotContain("replace-with-a-long-random-token")
                .doesNotContain("9f3c2a1b0e8d7c6b5a4f3e2d1c0b9a8f");
    }
}
