package dev.mooring.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiTokensAtStartTest {

    private static final String STRONG = "5b0d8e2f9a7c4e1b8d6f3a2c1e0b9d8f7a6c5e4d";

    @Test
    void aProductionServiceWithASampleTokenAmongItsTokensRefusesToStartWithoutShowingIt() {
        assertThatThrownBy(() -> ApiTokensAtStart.check(true, List.of(STRONG, "replace-with-a-long-random-token", STRONG)))
                .hasMessage("mooring.api.tokens: entry 2 of 3 is a sample value from Mooring's samples or documentation; "
                        + "use a long random token of your own, e.g. from `openssl rand -hex 32`")
                .hasMessageNotContaining("replace-with");
    }

    @Test
    void aProductionServiceWithAShortTokenRefusesToStart() {
        assertThatThrownBy(() -> ApiTokensAtStart.check(true, List.of("s3cret-but-short")))
                .hasMessageStartingWith("mooring.api.tokens: entry 1 of 1 is shorter than 32 characters")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aProductionServiceWithoutAnyTokenRefusesToStartRatherThanRefuseEveryCall() {
        assertThatThrownBy(() -> ApiTokensAtStart.check(true, List.of()))
                .hasMessageStartingWith("mooring.api.tokens is not set");
    }

    @Test
    void strongTokensStartAndDevOrTestKeepTheirWellKnownOnes() {
        assertThatCode(() -> ApiTokensAtStart.check(true, List.of(STRONG))).doesNotThrowAnyException();
        assertThatCode(() -> ApiTokensAtStart.check(false, List.of("dev-token"))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"prod, true", "dev, false", "test, false", "staging, true"})
    void thePolicyIsOnInEveryProfileButDevAndTest(String profile, boolean required) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).addDefaultSources().build();

        assertThat(config.getValue("mooring.api.strong-tokens-required", Boolean.class)).isEqualTo(required);
    }
}
