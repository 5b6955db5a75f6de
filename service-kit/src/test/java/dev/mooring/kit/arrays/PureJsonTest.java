package dev.mooring.kit.arrays;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PureJsonTest {

    @Test
    void theSeedFormatIsReadWithLabelsAndRealm() {
        PureJson.Parsed parsed = PureJson.parse("""
                {"FlashArrays":[{"MgmtEndPoint":"10.0.0.10","APIToken":"6c1b16ce-1c03-4d1c-8b2e-4f1a2b3c4d5e",
                  "Realm":"tenant1","Labels":{"topology.portworx.io/zone":"zone-0"}}],
                 "FlashBlades":[{"MgmtEndPoint":"10.0.2.10","APIToken":"T-1"}]}""");

        assertThat(parsed.malformed()).isEmpty();
        assertThat(parsed.arrays()).singleElement().satisfies(entry -> {
            assertThat(entry.mgmtEndPoint()).isEqualTo("10.0.0.10");
            assertThat(entry.realm()).isEqualTo("tenant1");
            assertThat(entry.labels()).containsEntry("topology.portworx.io/zone", "zone-0");
        });
    }

    @Test
    void aMalformedEntryIsNamedAndTheOthersAreStillUsed() {
        PureJson.Parsed parsed = PureJson.parse("""
                {"FlashArrays":[{"MgmtEndPoint":"10.0.0.10","APIToken":"t-1"},
                                {"MgmtEndPoint":"https://10.0.0.11","APIToken":"t-2"},
                                {"APIToken":"t-3"},
                                {"MgmtEndPoint":"10.0.0.13"}]}""");

        assertThat(parsed.arrays()).extracting(PureJson.FlashArrayEntry::mgmtEndPoint).containsExactly("10.0.0.10");
        assertThat(parsed.malformed()).extracting(m -> m.description() + ": " + m.reason()).containsExactly(
                "FlashArrays[1] (https://10.0.0.11): MgmtEndPoint must be an IP address or host name without a scheme (no https://)",
                "FlashArrays[2]: MgmtEndPoint is missing",
                "FlashArrays[3] (10.0.0.13): APIToken is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:s3cr3t@10.0.0.10", "alice@10.0.0.10:8443", "https://alice:s3cr3t@10.0.0.10",
            "s3cr3t@[fd00::1]"})
    void anEndpointWithUserInformationIsRefusedWithoutRepeatingIt(String endpoint) {
        PureJson.Parsed parsed = PureJson.parse("{\"FlashArrays\":[{\"MgmtEndPoint\":\"10.0.0.9\",\"APIToken\":\"t-0\"},"
                + "{\"MgmtEndPoint\":\"" + endpoint + "\",\"APIToken\":\"t-1\"}]}");

        assertThat(parsed.arrays()).extracting(PureJson.FlashArrayEntry::mgmtEndPoint).containsExactly("10.0.0.9");
        assertThat(parsed.malformed()).singleElement().satisfies(m -> {
            String message = m.description() + ": " + m.reason();
            assertThat(message).isEqualTo(
                    "FlashArrays[1]: MgmtEndPoint must not contain user information; put credentials in APIToken");
            // The reason itself says "user information": the user name and password are what must not show.
            assertThat(message).doesNotContain("alice").doesNotContain("s3cr3t").doesNotContain("10.0.0.10")
                    .doesNotContain("fd00");
        });
    }

    @Test
    void anEndpointWithUserInformationIsNotRepeatedWhateverElseIsWrong() {
        PureJson.Parsed parsed = PureJson.parse("{\"FlashArrays\":[{\"MgmtEndPoint\":\"admin:hunter2@array\"}]}");

        assertThat(parsed.malformed()).singleElement().satisfies(m ->
                assertThat(m.description() + ": " + m.reason()).doesNotContain("admin").doesNotContain("hunter2"));
    }

    @Test
    void aDocumentThatIsNotJsonIsOneRefusal() {
        assertThat(PureJson.parse("FlashArrays: [").malformed()).singleElement()
                .satisfies(m -> assertThat(m.reason()).isEqualTo("is not valid JSON"));
    }

    @Test
    void theTokenNeverAppearsInAnEntrysText() {
        PureJson.FlashArrayEntry entry = PureJson.parse(
                "{\"FlashArrays\":[{\"MgmtEndPoint\":\"a\",\"APIToken\":\"secret-token-123\"}]}").arrays().get(0);

        assertThat(entry.toString()).doesNotContain("secret-token-123").contains("****");
        assertThat(entry.describe()).doesNotContain("secret-token-123");
    }
}
