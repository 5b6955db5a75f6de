package dev.mooring.agent.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.kit.security.WeakTokenException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServicesTokenCheckTest {

    private static final List<String> ATTACH = List.of("mooring.agent.services.attach-url");

    @Test
    void anAgentInProductionWithTheSamplesTokenRefusesToStartWithoutShowingIt() {
        assertThatThrownBy(() -> ServicesTokenCheck.check(true, Optional.of("replace-with-a-long-random-token"), ATTACH))
                .isInstanceOf(WeakTokenException.class)
                .hasMessage("mooring.agent.services.token is a sample value from Mooring's samples or documentation; "
                        + "use a long random token of your own, e.g. from `openssl rand -hex 32`")
                .hasMessageNotContaining("replace-with");
    }

    @Test
    void aShortTokenIsRefused() {
        assertThatThrownBy(() -> ServicesTokenCheck.check(true, Optional.of("n0de-s3cret"), ATTACH))
                .hasMessageStartingWith("mooring.agent.services.token is shorter than 32 characters")
                .hasMessageNotContaining("n0de-s3cret");
    }

    @Test
    void noTokenWhileTheServicesAreNamedIsRefusedNamingTheUrlSetting() {
        assertThatThrownBy(() -> ServicesTokenCheck.check(true, Optional.empty(), ATTACH))
                .hasMessageStartingWith("mooring.agent.services.token is not set, but mooring.agent.services.attach-url "
                        + "is: the services would refuse every call");
    }

    @Test
    void anAgentThatTalksToNoServiceNeedsNoTokenAndAStrongTokenStarts() {
        assertThatCode(() -> ServicesTokenCheck.check(true, Optional.empty(), List.of())).doesNotThrowAnyException();
        assertThatCode(() -> ServicesTokenCheck.check(true, Optional.of("7c9e2b4a1d6f8e3c5b0a9d2f4e6c8b1a3d5f7e9c"),
                ATTACH)).doesNotThrowAnyException();
    }

    @Test
    void devAndTestKeepTheirShortTokens() {
        assertThatCode(() -> ServicesTokenCheck.check(false, Optional.of("test-token"), ATTACH)).doesNotThrowAnyException();
    }
}
