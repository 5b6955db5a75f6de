package dev.mooring.kit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import org.junit.jupiter.api.Test;

/** The names the one Event recorder gives: stable for one occurrence, distinct for another, valid for any object. */
class KubeEventNamesTest {

    @Test
    void eventNamesAreStableAndValid() {
        Subject node = Subject.node("node-1", "uid-1");
        String name = KubeEvents.name(conflict(node, "zone: a vs b"));

        assertThat(name).isEqualTo(KubeEvents.name(conflict(node, "zone: a vs b")))
                .isNotEqualTo(KubeEvents.name(conflict(node, "zone: a vs c")))
                .matches("node-1\\.[0-9a-f]{16}");
        assertThat(KubeEvents.name(conflict(Subject.node("n".repeat(199) + ".x" + "y".repeat(60), null), "r")))
                .hasSizeLessThan(253).doesNotContain("..");
        // An array is named as its administrator likes: the Event's name still follows Kubernetes' rules.
        assertThat(KubeEvents.name(conflict(new Subject("mooring.dev/v1", "FlashArray", null, "FA_Prod-01", null), "r")))
                .matches("fa-prod-01\\.[0-9a-f]{16}");
    }

    /** `kubectl describe node` shows Events whose involvedObject.uid is the node's uid or, as the kubelet's, its name. */
    @Test
    void aNodeEventWithoutTheNodesUidCarriesTheNodeNameAsTheKubeletDoes() {
        assertThat(Subject.node("worker-3", null).uid()).isEqualTo("worker-3");
        assertThat(Subject.node("worker-3", "").uid()).isEqualTo("worker-3");
        assertThat(Subject.node("worker-3", "6f1c0d5e").uid()).isEqualTo("6f1c0d5e");
    }

    private static Notice conflict(Subject subject, String occurrence) {
        return new Notice(subject, KubeEvents.WARNING, "TopologyConflict", "conflicting inputs", occurrence);
    }
}
