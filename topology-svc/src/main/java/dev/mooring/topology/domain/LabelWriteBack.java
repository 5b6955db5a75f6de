package dev.mooring.topology.domain;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans the {@code px/region}, {@code px/zone}, {@code px/rack} labels Mooring writes back. Per level:
 * <ul>
 *   <li>a {@code px/*} label the user owns is never touched (it is also what the level was derived from);</li>
 *   <li>otherwise, a derived value is written (or Mooring's own label updated to it);</li>
 *   <li>an unset level (a conflict, or a rack with no source) removes Mooring's own label, so that Mooring's
 *       labels always say what Mooring derived and never a value it no longer stands by.</li>
 * </ul>
 */
public final class LabelWriteBack {

    private LabelWriteBack() {
    }

    /**
     * @param labels the node's labels now
     * @param managedAnnotation the node's {@value NodeAnnotations#MANAGED_LABELS} annotation now (or null)
     * @param topology what was derived from the labels Mooring does not own
     */
    public static LabelPatch plan(Map<String, String> labels, String managedAnnotation, NodeTopology topology) {
        ManagedLabels managed = ManagedLabels.parse(managedAnnotation);
        Map<String, String> current = labels == null ? Map.of() : labels;
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> remove = new HashSet<>();
        Map<String, String> nowManaged = new LinkedHashMap<>();
        for (TopologyLevel level : TopologyLevel.values()) {
            String key = level.pxLabel();
            boolean present = current.containsKey(key);
            boolean ours = managed.ownedByMooring(key, current);
            if (present && !ours) {
                continue; // the user's label
            }
            LevelValue derived = topology.level(level);
            if (derived.isSet()) {
                if (!derived.value().equals(current.get(key))) {
                    set.put(key, derived.value());
                }
                nowManaged.put(key, derived.value());
            } else if (present) {
                remove.add(key);
            }
        }
        String annotation = ManagedLabels.format(nowManaged);
        // Compared with the annotation as it stands, so that entries for labels a user took over go too.
        boolean annotationChanged = !Objects.equals(annotation, blankToNull(managedAnnotation));
        return new LabelPatch(set, remove, annotation, annotationChanged);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
