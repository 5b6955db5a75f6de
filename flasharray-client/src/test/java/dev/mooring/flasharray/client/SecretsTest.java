package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final String TOKEN = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    @Test
    void apiTokenNeverPrints() {
        ApiToken t = ApiToken.of(TOKEN);
        assertThat(t.toString()).isEqualTo("ApiToken[****]");
        assertThat(String.valueOf(t)).doesNotContain(TOKEN);
        assertThat(t).isEqualTo(ApiToken.of(TOKEN)).isNotEqualTo(ApiToken.of("other"));
        assertThat(t.hashCode()).isEqualTo(ApiToken.of("other").hashCode());
        assertThat(t.reveal()).isEqualTo(TOKEN);
    }

    @Test
    void malformedTokenMessageDoesNotEchoIt() {
        String bad = "secret-part with-space";
        assertThatThrownBy(() -> ApiToken.of(bad)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret-part");
        assertThatThrownBy(() -> ApiToken.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionTokenNeverPrints() {
        assertThat(new SessionToken("abc-session-xyz").toString()).isEqualTo("SessionToken[****]");
    }

    @Test
    void trustToString() {
        assertThat(TlsTrust.pem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString())
                .isEqualTo("TlsTrust[pem]");
        assertThat(TlsTrust.system().toString()).isEqualTo("TlsTrust[system]");
        assertThat(TlsTrust.insecureTrustAll().toString()).isEqualTo("TlsTrust[insecureTrustAll]");
        assertThat(TlsTrust.pemFile(Path.of("/etc/ca.pem")).withoutHostnameVerification().toString())
                .isEqualTo("TlsTrust[pemFile=/etc/ca.pem][no hostname verification]");
        assertThatThrownBy(() -> TlsTrust.pem("not a pem")).isInstanceOf(IllegalArgumentException.class);
    }
}
