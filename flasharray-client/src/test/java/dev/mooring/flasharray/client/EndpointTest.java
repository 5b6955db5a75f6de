package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.10,                     10.0.0.10,             443, 10.0.0.10:443",
            "127.0.0.1:8443,                127.0.0.1,             8443, 127.0.0.1:8443",
            "fa1.example.com,               fa1.example.com,       443, fa1.example.com:443",
            "fa1.example.com:9443,          fa1.example.com,       9443, fa1.example.com:9443",
            "https://fa1.example.com:9443/, fa1.example.com,       9443, fa1.example.com:9443",
            "HTTPS://10.0.0.1,              10.0.0.1,              443, 10.0.0.1:443",
            "[fd00::10],                    fd00::10,              443, [fd00::10]:443",
            "[fd00::10]:8443,               fd00::10,              8443, [fd00::10]:8443",
            "[::1]:1,                       ::1,                   1, [::1]:1",
            "fd00::10,                      fd00::10,              443, [fd00::10]:443",
            " localhost ,                   localhost,             443, localhost:443",
            "array-a,                       array-a,               443, array-a:443",
    })
    void parses(String text, String host, int port, String authority) {
        Endpoint e = Endpoint.parse(text);
        assertThat(e.host()).isEqualTo(host);
        assertThat(e.port()).isEqualTo(port);
        assertThat(e.authority()).isEqualTo(authority);
        assertThat(e.baseUrl()).isEqualTo("https://" + authority);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "http://10.0.0.1", "ftp://x", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:abc",
            "host/path", "user@host", "[fd00::1", "[fd00::1]x", "[nothex]", "bad host", "host:", "-bad-.com",
            "a..b"})
    void refuses(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:s3cr3t@10.0.0.1", "alice@array.example:8443", "https://alice:s3cr3t@array.example",
            "http://alice:s3cr3t@array.example", "ftp://alice:s3cr3t@array.example", "alice:s3cr3t@[fd00::1]"})
    void refusesUserInformationWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint must not contain user information (user@ or user:password@); put credentials in "
                        + "the API token")
                .hasMessageNotContaining("alice").hasMessageNotContaining("s3cr3t").hasMessageNotContaining("example");
    }
}
