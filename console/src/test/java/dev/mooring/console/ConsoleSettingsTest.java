package dev.mooring.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSettingsTest {

    @TempDir
    Path dir;

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheDefaults() {
        ConsoleSettings s = ConsoleSettings.parse(List.of("--port", "0", "--token-file", "/t"),
                Map.of("MOORING_CONSOLE_PORT", "9999", "MOORING_CONSOLE_HEALTH_URL", "http://h:1")::get);
        assertThat(s.port()).isZero();
        assertThat(s.healthUrl()).isEqualTo("http://h:1");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.refreshSeconds()).isEqualTo(10);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ConsoleSettings.parse(List.of(), Map.<String, String>of()::get))
                .hasMessageContaining("--token-file (or MOORING_CONSOLE_TOKEN_FILE) is required");
        assertThatThrownBy(() -> ConsoleSettings.parse(List.of("--port", "x", "--token-file", "/t"), k -> null))
                .hasMessage("--port=x is not a whole number");
        assertThatThrownBy(() -> ConsoleSettings.parse(List.of("--bogus", "1"), k -> null))
                .hasMessageStartingWith("unknown option --bogus");
        assertThatThrownBy(() -> ConsoleMain.source(ConsoleSettings.parse(List.of("--token-file", "/t",
                "--health-url", "ftp://x"), k -> null)))
                .hasMessageContaining("--token-file=/t does not exist");
    }

    @Test
    void theTokenIsReadFromItsFileAndNeverShownWhenRefused() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "abc def\n");
        ConsoleSettings s = ConsoleSettings.parse(List.of("--token-file", file.toString()), k -> null);
        assertThatThrownBy(s::readToken).hasMessage("--token-file=" + file + " must hold the token alone, on one line")
                .message().doesNotContain("abc");
        Files.writeString(file, "  secret-token-value \n");
        assertThat(s.readToken()).isEqualTo("secret-token-value");
        assertThatThrownBy(() -> ConsoleMain.source(ConsoleSettings.parse(List.of("--token-file", file.toString(),
                "--health-url", "ftp://x"), k -> null)))
                .hasMessage("--health-url=ftp://x must be an http:// or https:// URL with a host");
    }
}
