package dev.mooring.topology.scheduling;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A volume of Mooring's that a pod uses, as its PersistentVolume describes it: the volume id (the CSI volume handle)
 * and its CSI volume attributes. Pool-backed volumes carry {@code repl}; FlashArray volumes their {@code arrays} and,
 * in an ActiveCluster pod, the {@code pod}.
 */
public record MooringVolume(String id, String claim, String backend, Integer repl, List<String> arrays,
                            String pod) {

    public MooringVolume {
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
    }

    /** The volume a PV with this handle and these CSI volume attributes holds. */
    public static MooringVolume of(String id, String claim, Map<String, String> attributes) {
        Map<String, String> a = attributes == null ? Map.of() : attributes;
        String arrays = a.getOrDefault("arrays", "");
        return new MooringVolume(id, claim, a.get("backend"), parseRepl(a.get("repl")),
                arrays.isBlank() ? List.of() : Arrays.stream(arrays.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(),
                blankToNull(a.get("pod")));
    }

    /** Whether the replicas live in storage pools on nodes (rather than on FlashArrays). */
    public boolean poolBacked() {
        return repl != null;
    }

    private static Integer parseRepl(String repl) {
        if (repl == null || repl.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(repl.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
