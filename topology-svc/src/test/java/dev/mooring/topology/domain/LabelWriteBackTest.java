package dev.mooring.topology.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which px/* labels Mooring writes, updates and removes — and that it never touches a user's. */
class LabelWriteBackTest {

    private static final TopologyDefaults DEFAULTS = new TopologyDefaults("default", "default", null);

    @Test
    void aNewNodeGetsItsDerivedLevelsAsLabelsAndTheAnnotationSaysSo() {
        Map<String, String> labels = map("topology.kubernetes.io/region", "us-east-1",
                "topology.kubernetes.io/zone", "us-east-1a");

        LabelPatch patch = plan(labels, null);

        assertThat(patch.set()).containsExactlyInAnyOrderEntriesOf(
                Map.of("px/region", "us-east-1", "px/zone", "us-east-1a"));
        assertThat(patch.remove()).isEmpty();
        assertThat(patch.annotation()).isEqualTo("px/region=us-east-1,px/zone=us-east-1a");
        assertThat(patch.annotationChanged()).isTrue();
    }

    @Test
    void aUsersLabelIsNeverTouchedNorClaimed() {
        Map<String, String> labels = map("px/rack", "r7", "px/region", "mine", "topology.kubernetes.io/zone", "z");

        LabelPatch patch = plan(labels, null);

        assertThat(patch.set()).containsExactlyEntriesOf(Map.of("px/zone", "z"));
        assertThat(patch.annotation()).isEqualTo("px/zone=z");
    }

    @Test
    void anAlreadyLabelledNodeNeedsNothing() {
        Map<String, String> labels = map("topology.kubernetes.io/zone", "z", "px/region", "default", "px/zone", "z");

        LabelPatch patch = plan(labels, "px/region=default,px/zone=z");

        assertThat(patch.isEmpty()).isTrue();
    }

    @Test
    void mooringsOwnLabelFollowsItsSource() {
        Map<String, String> labels = map("topology.kubernetes.io/zone", "b", "px/region", "default", "px/zone", "a");

        LabelPatch patch = plan(labels, "px/region=default,px/zone=a");

        assertThat(patch.set()).containsExactlyEntriesOf(Map.of("px/zone", "b"));
        assertThat(patch.annotation()).isEqualTo("px/region=default,px/zone=b");
    }

    @Test
    void aLabelTheUserChangedAfterMooringWroteItBecomesTheUsers() {
        // Mooring wrote px/zone=a; the user set it to c. It is now the user's override, and Mooring lets go.
        Map<String, String> labels = map("topology.kubernetes.io/zone", "b", "px/region", "default", "px/zone", "c");
        String annotation = "px/region=default,px/zone=a";

        NodeTopology topology = derive(labels, annotation);
        LabelPatch patch = LabelWriteBack.plan(labels, annotation, topology);

        assertThat(topology.zone()).isEqualTo(new LevelValue("c", "label:px/zone"));
        assertThat(patch.set()).isEmpty();
        assertThat(patch.remove()).isEmpty();
        assertThat(patch.annotation()).isEqualTo("px/region=default");
        assertThat(patch.annotationChanged()).isTrue();
    }

    @Test
    void mooringsLabelsAreNotAnInputOfTheDerivation() {
        // Without the annotation px/zone=a would be an override; with it, it is Mooring's output, and the
        // source stays the topology label.
        Map<String, String> labels = map("topology.kubernetes.io/zone", "a", "px/zone", "a");

        assertThat(derive(labels, "px/zone=a").zone()).isEqualTo(new LevelValue("a", "label:topology.kubernetes.io/zone"));
        assertThat(derive(labels, null).zone()).isEqualTo(new LevelValue("a", "label:px/zone"));
    }

    @Test
    void aLevelLeftUnsetByAConflictLosesMooringsLabel() {
        Map<String, String> labels = map("topology.kubernetes.io/zone", "a", "failure-domain.beta.kubernetes.io/zone", "b",
                "px/region", "default", "px/zone", "a");

        LabelPatch patch = plan(labels, "px/region=default,px/zone=a");

        assertThat(patch.set()).isEmpty();
        assertThat(patch.remove()).containsExactly("px/zone");
        assertThat(patch.annotation()).isEqualTo("px/region=default");
    }

    @Test
    void aLabelMooringWroteButSomeoneRemovedIsWrittenAgain() {
        Map<String, String> labels = map("topology.kubernetes.io/zone", "a", "px/region", "default");

        LabelPatch patch = plan(labels, "px/region=default,px/zone=a");

        assertThat(patch.set()).containsExactlyEntriesOf(Map.of("px/zone", "a"));
        assertThat(patch.annotationChanged()).isFalse();
    }

    @Test
    void noRackIsWrittenWithoutARackAndNoAnnotationWithoutLabels() {
        LabelPatch patch = LabelWriteBack.plan(map(), null,
                TopologyDerivation.derive(map(), Map.of(), TopologyDefaults.none()));

        assertThat(patch.isEmpty()).isTrue();
    }

    @Test
    void theLastMooringLabelGoneRemovesTheAnnotation() {
        Map<String, String> labels = map("px/rack", "r1");
        NodeTopology unsetRack = new NodeTopology(null, null, null, List.of());

        LabelPatch patch = LabelWriteBack.plan(labels, "px/rack=r1", unsetRack);

        assertThat(patch.remove()).isEqualTo(Set.of("px/rack"));
        assertThat(patch.annotation()).isNull();
        assertThat(patch.annotationChanged()).isTrue();
    }

    @Test
    void theAnnotationIsReadStrictly() {
        ManagedLabels managed = ManagedLabels.parse(" px/zone = a ,px/rack,team=x=y,px/region=,=b,px/other=1");
        Map<String, String> labels = map("px/zone", "a", "px/rack", "r", "px/region", "", "px/other", "1");

        assertThat(managed.owned(labels)).containsExactlyEntriesOf(Map.of("px/zone", "a"));
        assertThat(managed.userLabels(labels)).containsOnlyKeys("px/rack", "px/region", "px/other");
        assertThat(ManagedLabels.format(Map.of("px/rack", "r", "px/region", "g"))).isEqualTo("px/region=g,px/rack=r");
        assertThat(ManagedLabels.format(Map.of())).isNull();
    }

    private static LabelPatch plan(Map<String, String> labels, String annotation) {
        return LabelWriteBack.plan(labels, annotation, derive(labels, annotation));
    }

    private static NodeTopology derive(Map<String, String> labels, String annotation) {
        return TopologyDerivation.derive(ManagedLabels.parse(annotation).userLabels(labels), Map.of(), DEFAULTS);
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
