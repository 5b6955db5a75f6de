package dev.mooring.topology.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.domain.LabelPatch;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeLabellerTest {

    @Test
    void theMergePatchCarriesTheVersionAndNullsForRemovals() {
        String body = NodeLabeller.body("42", new LabelPatch(Map.of("px/zone", "b"), Set.of("px/rack"),
                "px/zone=b", true));

        assertThat(body).isEqualTo("{\"metadata\":{\"resourceVersion\":\"42\",\"labels\":{\"px/zone\":\"b\","
                + "\"px/rack\":null},\"annotations\":{\"mooring.dev/topology-labels-managed\":\"px/zone=b\"}}}");
    }

    @Test
    void anAnnotationToRemoveIsNull() {
        String body = NodeLabeller.body("7", new LabelPatch(Map.of(), Set.of("px/rack"), null, true));

        assertThat(body).contains("\"mooring.dev/topology-labels-managed\":null").contains("\"px/rack\":null");
    }
}
