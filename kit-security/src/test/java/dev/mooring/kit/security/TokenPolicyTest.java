package dev.mooring.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPolicyTest {

    private static final String STRONG = "0f8e6c1d2b3a49587766554433221100aabbccdd";
    private static final String OTHER_STRONG = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

    @Test
    void longRandomTokensAreAccepted() {
        assertThatCode(() -> TokenPolicy.requireStrong("mooring.api.tokens", List.of(STRONG, OTHER_STRONG)))
                .doesNotThrowAnyException();
        assertThat(TokenPolicy.weakness(STRONG)).isEmpty();
    }

    @Test
    void aShortEntryIsRefusedNamingTheSettingAndTheEntryButNotTheValue() {
        assertThatThrownBy(() -> TokenPolicy.requireStrong("mooring.api.tokens", List.of(STRONG, "short-secret-42", OTHER_STRONG)))
                .isInstanceOf(WeakTokenException.class)
                .hasMessage("mooring.api.tokens: entry 2 of 3 is shorter than 32 characters; use a long random token of "
                        + "your own, e.g. from `openssl rand -hex 32`")
                .hasMessageNotContaining("short-secret-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replace-with-a-long-random-token", "dev-token", "test-token", "changeme", "change-me",
            "CHANGEME", " replace-with-a-long-random-token ", "00000000-0000-0000-0000-000000000000"})
    void aSampleValueIsRefusedAsSuch(String sample) {
        assertThatThrownBy(() -> TokenPolicy.requireStrong("mooring.api.tokens", List.of(sample)))
                .hasMessage("mooring.api.tokens: entry 1 of 1 is a sample value from Mooring's samples or documentation; "
                        + "use a long random token of your own, e.g. from `openssl rand -hex 32`")
                .hasMessageNotContaining(sample.strip());
    }

    @Test
    void theSampleOfTheKubernetesSecretIsRefusedAlthoughItIsLongEnough() {
        assertThat("replace-with-a-long-random-token").hasSize(TokenPolicy.MIN_LENGTH);
        assertThat(TokenPolicy.weakness("replace-with-a-long-random-token")).isPresent();
    }

    @Test
    void noTokenAtAllIsRefused() {
        assertThatThrownBy(() -> TokenPolicy.requireStrong("mooring.api.tokens", List.of()))
                .hasMessage("mooring.api.tokens is not set; use a long random token of your own, e.g. from `openssl rand -hex 32`");
    }

    @Test
    void anEmptyEntryIsRefused() {
        assertThatThrownBy(() -> TokenPolicy.requireStrong("mooring.api.tokens", List.of(STRONG, " ")))
                .hasMessageStartingWith("mooring.api.tokens: entry 2 of 2 is empty;");
    }

    @Test
    void aSingleTokenSettingIsNamedWithoutAnEntryNumber() {
        assertThatThrownBy(() -> TokenPolicy.requireStrong("mooring.agent.services.token", "dev-token"))
                .hasMessageStartingWith("mooring.agent.services.token is a sample value")
                .hasMessageNotContaining("dev-token");
        assertThatCode(() -> TokenPolicy.requireStrong("mooring.agent.services.token", STRONG)).doesNotThrowAnyException();
    }
}
