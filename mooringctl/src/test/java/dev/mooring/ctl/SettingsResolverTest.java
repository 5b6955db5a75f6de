package dev.mooring.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.ctl.api.ApiSettings;
import dev.mooring.ctl.api.Service;
import dev.mooring.ctl.context.ConfigException;
import dev.mooring.ctl.context.SettingsResolver;
import dev.mooring.ctl.context.SettingsResolver.Flags;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each setting comes from: a flag over the environment over the context file; and what a bad one says. */
class SettingsResolverTest {

    @TempDir
    Path dir;

    private Path context(String yaml) throws IOException {
        Path file = dir.resolve("ctx.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheContext() throws IOException {
        Files.writeString(dir.resolve("token"), "context-token-value-0123456789\n");
        Path file = context("""
                name: lab
                services:
                  provisioner-svc: http://ctx:1
                  attach-svc: http://ctx:2
                  health-svc: http://ctx:3
                tokenFile: token
                """);
        ApiSettings settings = new SettingsResolver(Map.of("MOORING_ATTACH_SVC", "http://env:2",
                "MOORING_HEALTH_SVC", "http://env:3"), dir).resolve(new Flags(file,
                Map.of(Service.HEALTH, "http://flag:3"), null, null));

        assertThat(settings.url(Service.PROVISIONER)).contains(URI.create("http://ctx:1"));
        assertThat(settings.url(Service.ATTACH)).contains(URI.create("http://env:2"));
        assertThat(settings.url(Service.HEALTH)).contains(URI.create("http://flag:3"));
        assertThat(settings.url(Service.TOPOLOGY)).isEmpty();
        assertThat(settings.origin()).isEqualTo("context lab (" + file + ")");
        assertThat(settings.tokenOrigin()).isEqualTo("tokenFile " + dir.resolve("token") + " of context lab (" + file + ")");
        assertThat(settings.toString()).doesNotContain("context-token-value");
    }

    @Test
    void theTokenComesFromTheFlagThenTheEnvironmentThenTheContext() throws IOException {
        Files.writeString(dir.resolve("flag-token"), "flag-token-0123456789");
        Path file = context("name: lab\ntoken: inline-token-0123456789\n");
        SettingsResolver withEnv = new SettingsResolver(Map.of("MOORING_API_TOKEN", "env-token-0123456789"), dir);

        assertThat(withEnv.resolve(new Flags(file, Map.of(), dir.resolve("flag-token"), null)).tokenOrigin())
                .isEqualTo("--token-file " + dir.resolve("flag-token"));
        assertThat(withEnv.resolve(new Flags(file, Map.of(), null, null)).tokenOrigin())
                .isEqualTo("the environment variable MOORING_API_TOKEN");
        assertThat(new SettingsResolver(Map.of(), dir).resolve(new Flags(file, Map.of(), null, null)).tokenOrigin())
                .isEqualTo("token of context lab (" + file + ")");
    }

    @Test
    void theContextComesFromTheVariableOrTheHomeDirectory() throws IOException {
        Path file = context("name: from-variable\n");
        assertThat(new SettingsResolver(Map.of("MOORINGCTL_CONTEXT", file.toString()), dir).resolve(Flags.none())
                .origin()).startsWith("context from-variable");
        Files.createDirectories(dir.resolve(".mooring"));
        Files.writeString(dir.resolve(".mooring/context.yaml"), "name: home\n");
        assertThat(new SettingsResolver(Map.of(), dir).resolve(Flags.none()).origin()).startsWith("context home");
        assertThat(new SettingsResolver(Map.of(), dir.resolve("nowhere")).resolve(Flags.none()).origin())
                .startsWith("your settings (no context file");
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndWhy() throws IOException {
        SettingsResolver resolver = new SettingsResolver(Map.of(), dir);
        assertThatThrownBy(() -> resolver.resolve(new Flags(dir.resolve("missing.yaml"), Map.of(), null, null)))
                .isInstanceOf(ConfigException.class).hasMessage("context file " + dir.resolve("missing.yaml")
                        + " does not exist");
        Path unknownKey = context("name: x\nservers: {}\n");
        assertThatThrownBy(() -> resolver.resolve(new Flags(unknownKey, Map.of(), null, null)))
                .hasMessageContaining("unknown key 'servers'");
        assertThatThrownBy(() -> resolver.resolve(new Flags(null, Map.of(Service.ATTACH, "localhost:8082"), null, null)))
                .hasMessage("--attach-url=localhost:8082 is not a service URL (like http://127.0.0.1:8081)");
        assertThatThrownBy(() -> new SettingsResolver(Map.of("MOORING_PROVISIONER_SVC", "ftp://x"), dir).resolve(Flags.none()))
                .hasMessageStartingWith("MOORING_PROVISIONER_SVC=ftp://x is not a service URL");
        assertThatThrownBy(() -> resolver.resolve(new Flags(null, Map.of(), dir.resolve("no-token"), null)))
                .hasMessage("the token file " + dir.resolve("no-token") + " (--token-file) does not exist");
        Path caMissing = context("name: x\nca: ca.pem\n");
        assertThatThrownBy(() -> resolver.resolve(new Flags(caMissing, Map.of(), null, null)))
                .hasMessageContaining("the CA file " + dir.resolve("ca.pem") + " (ca in context x");
    }
}
