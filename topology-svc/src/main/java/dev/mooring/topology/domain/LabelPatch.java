package dev.mooring.topology.domain;

import java.util.Map;
import java.util.Set;

/**
 * The change to a Node's metadata that brings its {@code px/*} labels in line with its derived topology:
 * labels to set, labels to remove, and the new {@value NodeAnnotations#MANAGED_LABELS} annotation (null with
 * {@code annotationChanged} means remove it). Empty when the node is already right.
 */
public record LabelPatch(Map<String, String> set, Set<String> remove, String annotation, boolean annotationChanged) {

    public LabelPatch {
        set = Map.copyOf(set);
        remove = Set.copyOf(remove);
    }

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty() && !annotationChanged;
    }
}
