package dev.mooring.topology.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedNodeTest {

    @Test
    void initiatorsComeFromTheAnnotationsCommaSeparated() {
        ObservedNode node = ObservedNode.of("n1", Map.of("a", "b"), Map.of(
                "mooring.dev/iscsi-iqn", " iqn.2024-01.dev.mooring:n1 , iqn.2024-01.dev.mooring:n1b,",
                "mooring.dev/fc-wwns", "10:00:00:00:c9:12:34:56,10000000C9123457 10:00:00:00:c9:12:34:56"), true);

        assertThat(node.iscsiIqns()).containsExactly("iqn.2024-01.dev.mooring:n1", "iqn.2024-01.dev.mooring:n1b");
        assertThat(node.fcWwns()).containsExactly("10:00:00:00:c9:12:34:56", "10000000C9123457");
        assertThat(node.ready()).isTrue();
    }

    @Test
    void equalObservationsAreEqualWhateverTheMapOrder() {
        ObservedNode a = ObservedNode.of("n1", Map.of("x", "1", "y", "2"), null, false);
        ObservedNode b = new ObservedNode("n1", new java.util.TreeMap<>(Map.of("y", "2", "x", "1")),
                java.util.List.of(), java.util.List.of(), false);

        assertThat(a).isEqualTo(b);
        assertThat(ObservedNode.of("n1", null, Map.of(), false).labels()).isEmpty();
        java.util.Map<String, String> withNull = new java.util.HashMap<>(Map.of("x", "1"));
        withNull.put("px/rack", null);
        assertThat(ObservedNode.of("n1", withNull, null, false).labels()).containsOnlyKeys("x");
    }
}
