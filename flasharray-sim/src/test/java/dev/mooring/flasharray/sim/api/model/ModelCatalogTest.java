package dev.mooring.flasharray.sim.api.model;

import dev.mooring.flasharray.sim.config.RestVersions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model files load and hang together, and the shaper keeps exactly a version's fields. */
class ModelCatalogTest {
    private static final ModelCatalog MODELS = ModelCatalog.standard();

    @Test
    void theBundledModelsCoverTwoPointZeroToTwoPointThirtySixAndEveryNestedModelExists() {
        assertThat(RestVersions.format(MODELS.oldest())).isEqualTo("2.0");
        assertThat(RestVersions.format(MODELS.newest())).isEqualTo("2.36");
        Set<String> used = new HashSet<>();
        for (String name : MODELS.names()) {
            for (FieldDef f : MODELS.model(name).fields()) {
                if (f.isObject()) {
                    assertThat(MODELS.names()).as("%s.%s", name, f.name()).contains(f.nested());
                    used.add(f.nested());
                }
                assertThat(f.since()).as("%s.%s since", name, f.name()).isBetween(MODELS.oldest(), MODELS.newest());
            }
        }
        Set<String> topLevel = Set.of("volume", "host", "host_group", "member_no_id_all", "connection", "pod", "member",
                "pod_member", "array", "array_space", "port", "controller", "network_interface", "realm");
        for (String name : MODELS.names()) {
            assertThat(used.contains(name) || topLevel.contains(name)).as("model %s is used", name).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            id 2.0 -                   | expected 'field since until type'
            id 2.x - -                 | is not a version like 2.17
            id 2.5 2.3 -               | ends before it starts
            """)
    void aBadLineIsNamedByFileAndLine(String line, String reason) {
        assertThatThrownBy(() -> ModelCatalog.parse("thing", "# header\n" + line + "\n"))
                .hasMessageContaining("thing.fields:2").hasMessageContaining(reason);
    }

    @Test
    void aFieldListedTwiceIsRefused() {
        assertThatThrownBy(() -> ModelCatalog.parse("thing", "id 2.0 - -\nid 2.1 - -\n")).hasMessageContaining("appears twice");
    }

    @Test
    void untilEndsAFieldAndListsOfObjectsAreShapedElementByElement() {
        ModelDef m = ModelCatalog.parse("thing", "a 2.0 2.4 -\nb 2.5 - -\n");
        assertThat(m.fieldsAt(RestVersions.key("2.4"))).extracting(FieldDef::name).containsExactly("a");
        assertThat(m.fieldsAt(RestVersions.key("2.5"))).extracting(FieldDef::name).containsExactly("b");

        JsonObject pod = new JsonObject().put("id", "p").put("name", "p1").put("destroyed", false).put("time_remaining", null)
                .put("footprint", 0).put("mediator", "m").put("mediator_version", null).put("source", null)
                .put("failover_preferences", new JsonArray()).put("space", null)
                .put("arrays", new JsonArray().add(new JsonObject().put("id", "a").put("name", "a").put("frozen_at", null)
                        .put("mediator_status", "online").put("pre_elected", false).put("progress", null).put("status", "online")
                        .put("member", new JsonObject().put("id", "a").put("name", "a").put("resource_type", "arrays"))));
        JsonObject shaped = MODELS.at(RestVersions.key("2.1")).shape("pod", pod);
        assertThat(shaped.fieldNames()).containsExactlyInAnyOrder("id", "name", "arrays", "destroyed", "failover_preferences",
                "footprint", "mediator", "mediator_version", "source", "space", "time_remaining");
        assertThat(shaped.getJsonArray("arrays").getJsonObject(0).fieldNames()).doesNotContain("member");
    }

    @Test
    void aRendererThatForgetsAFieldOrInventsOneIsCaught() {
        Shaper at236 = MODELS.at(RestVersions.key("2.36"));
        JsonObject qos = new JsonObject().put("bandwidth_limit", null);
        assertThatThrownBy(() -> at236.shape("qos", qos)).hasMessageContaining("qos.iops_limit has no value");
        assertThatThrownBy(() -> at236.shape("qos", qos.copy().put("iops_limit", null).put("iops_floor", null)))
                .hasMessageContaining("qos.iops_floor is not a field");
    }
}
