package dev.mooring.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import dev.mooring.ctl.view.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every table and page mooringctl prints, from the services' JSON (fixtures shaped as the APIs answer), against its
 * golden file in {@code src/test/resources/golden}. After a deliberate change: {@code -Dgolden.update=true} rewrites them.
 */
class RenderingGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> pages() {
        return Stream.of(
                page("array-list", "arrays", Lists::arrays),
                page("array-inspect", "arrays", a -> Inspections.array(a.path("arrays").get(0))),
                page("volume-list", "volumes", Lists::volumes),
                page("volume-inspect", "volume", v -> Inspections.volume(v, fixture("volume-attachments"))),
                page("attachment-list", "volume-attachments", Lists::attachments),
                page("attachment-inspect", "volume-attachments", a -> Inspections.attachment(a.get(0))),
                page("node-list", "nodes", Lists::nodes),
                page("node-inspect", "nodes", n -> Inspections.node(n.path("nodes").get(1))),
                page("pool-list", "pools", Lists::pools),
                page("pool-inspect", "pools", p -> Inspections.pool(p.path("pools").get(0))),
                page("takeover-list", "takeovers", Lists::takeovers),
                page("takeover-inspect", "takeover", Inspections::takeover),
                page("takeover-inspect-blocked", "takeovers", t -> Inspections.takeover(t.path("takeovers").get(1))),
                page("topology", "topology", Lists::topology),
                page("cluster-domain-list", "cluster-domains", Lists::clusterDomains),
                page("cluster-domain-list-unreachable", "cluster-domains-unreachable", Lists::clusterDomains),
                page("failover-dry-run", "failover-dry-run", Inspections::failoverPlan),
                page("failover-list", "failovers", f -> Lists.drOperations(f, "failovers")),
                page("failover-inspect", "failover", Inspections::drOperation),
                page("dead-letters-list", "dead-letters", Lists::deadLetters),
                page("status", "status", StatusReport::render));
    }

    private static Arguments page(String golden, String fixture, Function<JsonNode, String> render) {
        return Arguments.of(golden, fixture, render);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void rendersAsTheGoldenFileSays(String golden, String fixture, Function<JsonNode, String> render) throws IOException {
        String actual = render.apply(fixture(fixture));
        Path file = Path.of("src/test/resources/golden", golden + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file; -Dgolden.update=true writes it").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    static JsonNode fixture(String name) {
        try (InputStream in = RenderingGoldenTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
