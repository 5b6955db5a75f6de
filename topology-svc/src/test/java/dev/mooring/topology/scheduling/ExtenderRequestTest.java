package dev.mooring.topology.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ExtenderArgs as kube-scheduler sends them, with and without nodeCacheCapable, and the answers mirroring them. */
class ExtenderRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POD = """
            {"metadata":{"name":"web-0","namespace":"shop"},"spec":{"volumes":[
              {"name":"data","persistentVolumeClaim":{"claimName":"data-web-0"}},
              {"name":"scratch","ephemeral":{"volumeClaimTemplate":{}}},
              {"name":"cfg","configMap":{"name":"cfg"}}]}}""";

    @Test
    void fullNodesAreReadWithTheirLabelsAndPassingOnesComeBackAsSent() {
        ExtenderRequest request = ExtenderRequest.parse(JSON, "{\"pod\":" + POD + ",\"nodes\":{\"items\":["
                + "{\"metadata\":{\"name\":\"n1\",\"labels\":{\"px/zone\":\"z1\"}},\"status\":{}},"
                + "{\"metadata\":{\"name\":\"n2\"}}]}}");

        assertThat(request.podNamespace()).isEqualTo("shop");
        assertThat(request.claims()).containsExactly("data-web-0", "web-0-scratch");
        assertThat(request.nodeCacheCapable()).isFalse();
        assertThat(request.candidates().get(0).labels()).containsEntry("px/zone", "z1");

        ObjectNode result = request.filterResult(JSON, new ExtenderDecisions.FilterOutcome(List.of("n1"),
                Map.of("n2", "why"), Optional.empty()));
        assertThat(result.path("nodes").path("items").get(0).path("status").isObject()).isTrue();
        assertThat(result.has("nodenames")).isFalse();
        assertThat(result.path("failedAndUnresolvableNodes").path("n2").asText()).isEqualTo("why");
    }

    @Test
    void nodeCacheCapableSchedulersSendAndGetNames() {
        ExtenderRequest request = ExtenderRequest.parse(JSON, "{\"pod\":" + POD + ",\"nodenames\":[\"n1\",\"n2\"]}");
        assertThat(request.nodeCacheCapable()).isTrue();
        ObjectNode result = request.filterResult(JSON, new ExtenderDecisions.FilterOutcome(List.of("n2"), Map.of(),
                Optional.empty()));
        assertThat(result.path("nodenames").toString()).isEqualTo("[\"n2\"]");
        assertThat(result.has("nodes")).isFalse();
    }

    @Test
    void badArgsNameTheField() {
        assertThatThrownBy(() -> ExtenderRequest.parse(JSON, "not json"))
                .hasMessageStartingWith("body:");
        assertThatThrownBy(() -> ExtenderRequest.parse(JSON, "{\"nodenames\":[\"n1\"]}"))
                .hasMessageStartingWith("pod: is required");
        assertThatThrownBy(() -> ExtenderRequest.parse(JSON, "{\"pod\":" + POD + "}"))
                .hasMessageStartingWith("nodes: is required");
        assertThatThrownBy(() -> ExtenderRequest.parse(JSON, "{\"pod\":" + POD + ",\"nodes\":{\"items\":[{}]}}"))
                .hasMessageStartingWith("nodes.items[0].metadata.name: is required");
        assertThatThrownBy(() -> ExtenderRequest.parse(JSON, "{\"pod\":" + POD + ",\"nodenames\":[7]}"))
                .hasMessageStartingWith("nodenames[0]:");
    }
}
