package dev.mooring.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent shows the services its pod's current ServiceAccount token, as the kubelet renews it. */
class ServicesTokenTest {

    @TempDir
    Path dir;

    @Test
    void theRenewedTokenIsShownOnceTheKubeletHasWrittenIt() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first-token\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:00:00Z")));
        ServicesToken token = ServicesToken.file(file);
        assertThat(token.get()).contains("first-token");

        Files.writeString(file, "renewed-token");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-06T10:48:00Z")));
        assertThat(token.get()).contains("renewed-token");
    }

    @Test
    void aMissingTokenFileMeansNoTokenUntilItIsThere() throws Exception {
        Path file = dir.resolve("not-yet");
        ServicesToken token = ServicesToken.file(file);
        assertThat(token.get()).isEmpty();
        Files.writeString(file, "projected-token");
        assertThat(token.get()).contains("projected-token");
    }

    @Test
    void aFixedTokenStaysAsItIs() {
        assertThat(ServicesToken.fixed(Optional.of("admin-token")).get()).contains("admin-token");
        assertThat(ServicesToken.fixed(Optional.empty()).get()).isEmpty();
    }
}
