package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {

    @TempDir
    Path work;

    @Test
    void aWorkDirectoryGetsOneStrongTokenThatOnlyItsOwnerReadsAndLaterCommandsReuse() throws Exception {
        String first = DevTokens.apiToken(work);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
        Path file = work.resolve("api-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DevTokens.apiToken(work)).isEqualTo(first);
        assertThat(DevTokens.apiToken(Files.createDirectories(work.resolve("other")))).isNotEqualTo(first);
    }

    @Test
    void aWeakTokenPutInTheFileIsRefusedWithoutShowingIt() throws Exception {
        Files.writeString(work.resolve("api-token"), "dev-token\n");

        assertThatThrownBy(() -> DevTokens.apiToken(work))
                .hasMessageContaining("shorter than 32 characters")
                .hasMessageContaining("delete the file")
                .hasMessageNotContaining("dev-token");
    }

    @Test
    void theEnvironmentFileWithTheTokensIsForItsOwnerOnlyEvenWhenItWasReadableBefore() throws Exception {
        Path env = work.resolve("stack.env");
        Files.writeString(env, "old\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        Stack.writePrivate(env, "MOORING_API_TOKEN=x\n");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        assertThat(env).hasContent("MOORING_API_TOKEN=x");
    }

    @Test
    void randomTokensAreLongAndDifferent() {
        assertThat(DevTokens.random()).hasSize(43).isNotEqualTo(DevTokens.random());
    }
}
