package dev.mooring.flasharray.sim.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading and validating the simulator configuration. */
class SimulatorConfigTest {
    private static SimulatorConfig yaml(String text) {
        return SimulatorConfig.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String TOKEN = "3bdf3b60-f0c0-4a8e-83c1-b794ba8f3a96";

    @Test
    void theShippedSampleLoads() {
        SimulatorConfig c = SimulatorConfig.load(Path.of("sim-two-arrays.yaml"));
        assertThat(c.arrays()).extracting(ArrayConfig::name).containsExactly("array-a", "array-b");
        assertThat(c.array("array-a").capacity()).isEqualTo(10995116277760L);
        assertThat(c.array("array-a").port()).isEqualTo(8443);
        assertThat(c.pods().get(0).arrays()).containsExactly("array-a", "array-b");
        assertThat(c.admin().enabled()).as("the admin API is off unless enabled with a token").isFalse();
        assertThat(c.sessionTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jsonAndDefaults() {
        SimulatorConfig c = yaml("{\"arrays\":[{\"name\":\"a\",\"apiTokens\":[{\"token\":\"" + TOKEN + "\"}],\"capacity\":\"1Ti\"}]}");
        ArrayConfig a = c.arrays().get(0);
        assertThat(a.capacity()).isEqualTo(1099511627776L);
        assertThat(a.apiTokens().get(0).role()).isEqualTo("array_admin");
        assertThat(a.iscsiPorts()).isNotEmpty();
        assertThat(a.nvmeNqn()).startsWith("nqn.2010-06.com.purestorage:flasharray.");
        assertThat(c.resyncDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.eradicationDelay()).isEqualTo(Duration.ofHours(24));
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            arrays: [{name: a, port: 9000}, {name: b, port: 9000}]                            | arrays[1].port
            arrays: [{name: a}, {name: a}]                                                    | arrays[1].name
            arrays: [{name: a, apiTokens: [{token: not-a-uuid}]}]                              | arrays[0].apiTokens[0].token
            arrays: [{name: a, apiTokens: [{token: 3bdf3b60-f0c0-4a8e-83c1-b794ba8f3a96, role: god}]}] | arrays[0].apiTokens[0].role
            {arrays: [{name: a}], replicationLinks: [[a, z]]}                                  | replicationLinks[0]
            {arrays: [{name: a}], pods: [{name: p, arrays: [z]}]}                              | pods[0].arrays
            {arrays: [{name: a}], sessionTtl: forever}                                         | sessionTtl
            arrays: [{name: a, restVersions: ['1.19']}]                                        | arrays[0].restVersions
            arrays: [{name: a, restVersions: ['2.x']}]                                         | arrays[0].restVersions
            arrays: [{name: a, capacity: lots}]                                                | arrays[0].capacity
            arrays: [{name: 'bad name'}]                                                       | arrays[0].name
            {arrays: [{name: a}], colour: blue}                                                | colour
            {arrays: [{name: a, portt: 1}]}                                                    | arrays[0].portt
            {arrays: [{name: a, port: 70000}]}                                                 | arrays[0].port
            {arrays: [{name: a, realms: [r1]}], pods: [{name: r1, arrays: [a]}]}               | pods[0].name
            {arrays: [{name: a}], tls: {certificateFile: /x.pem}}                              | tls
            arrays: []                                                                         | arrays
            """)
    void invalidConfigurationsNameTheField(String text, String field) {
        assertThatThrownBy(() -> yaml(text)).isInstanceOf(ConfigException.class).hasMessageStartingWith(field);
    }

    @Test
    void theAdminApiIsOffByDefault() {
        assertThat(SimulatorConfig.defaults().admin().enabled()).isFalse();
        assertThat(SimulatorConfig.twoArraysWithStretchedPod().admin().enabled()).isFalse();
        assertThat(yaml("arrays: [{name: a}]").admin().enabled()).isFalse();
        try (var in = SimulatorConfig.class.getClassLoader().getResourceAsStream("sim-default.yaml")) {
            assertThat(SimulatorConfig.load(in).admin().enabled()).as("the bundled default").isFalse();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void enablingTheAdminApiWithoutATokenIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> yaml("{arrays: [{name: a}], admin: {enabled: true}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("admin.token: required when admin.enabled is true; use a long random token of your own, "
                        + "e.g. from `openssl rand -hex 32`");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            admin-t0ken-short                  | is shorter than 32 characters
            replace-with-a-long-random-token   | is a sample value
            """)
    void aWeakAdminTokenIsAnErrorThatDoesNotRepeatIt(String token, String why) {
        assertThatThrownBy(() -> yaml("{arrays: [{name: a}], admin: {enabled: true, token: " + token + "}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("admin.token: " + why)
                .hasMessageNotContaining(token);
    }

    @Test
    void aStrongAdminTokenIsAcceptedAndNeverPrinted() {
        String token = "f2b7c9e1a4d6083b5c7e9f1a2b3c4d5e";
        SimulatorConfig c = yaml("{arrays: [{name: a}], admin: {enabled: true, token: " + token + "}}");

        assertThat(c.admin().token()).isEqualTo(token);
        assertThat(c.toString()).doesNotContain(token);
        assertThat(yaml("{arrays: [{name: a}], admin: {enabled: false, token: short}}").admin().enabled())
                .as("a disabled admin API's token is not checked").isFalse();
    }

    @Test
    void restVersionRangesExpandNumerically() {
        assertThat(RestVersions.expand(List.of("2.8-2.11", "1.19"))).containsExactly("1.19", "2.8", "2.9", "2.10", "2.11");
        assertThat(RestVersions.key("2.9")).isLessThan(RestVersions.key("2.10"));
    }

    @Test
    void quantities() {
        assertThat(Quantities.parseBytes("10Ti")).isEqualTo(10995116277760L);
        assertThat(Quantities.parseBytes("1.5Gi")).isEqualTo(1610612736L);
        assertThat(Quantities.parseBytes("2T")).isEqualTo(2_000_000_000_000L);
        assertThat(Quantities.parseBytes("4096")).isEqualTo(4096L);
    }

    @Test
    void buildableInCodeAndTokensNeverPrinted() {
        SimulatorConfig c = SimulatorConfig.twoArraysWithStretchedPod()
                .withSessionTtl(Duration.ofSeconds(5))
                .withArray("array-a", a -> a.withRestVersions("2.0-2.17").withCapacity(1L << 40))
                .validate();
        assertThat(c.array("array-a").restVersions()).containsExactly("2.0-2.17");
        assertThat(c.array("array-a").apiTokens()).extracting(ApiToken::role).containsExactly("array_admin", "readonly");
        assertThat(c.toString()).doesNotContain(c.array("array-a").firstAdminToken());
    }
}
