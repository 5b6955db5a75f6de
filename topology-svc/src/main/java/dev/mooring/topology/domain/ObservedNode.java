package dev.mooring.topology.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Kubernetes says of a node, as far as topology-svc reports it: its labels, its initiators (from the
 * annotations {@value NodeAnnotations#ISCSI_IQN} and {@value NodeAnnotations#FC_WWNS}), and whether it is
 * Ready. Two observations are equal when there is nothing new to report.
 */
public record ObservedNode(String name, Map<String, String> labels, List<String> iscsiIqns, List<String> fcWwns,
                           boolean ready) {

    public ObservedNode {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(withoutNulls(labels));
        iscsiIqns = iscsiIqns == null ? List.of() : List.copyOf(iscsiIqns);
        fcWwns = fcWwns == null ? List.of() : List.copyOf(fcWwns);
    }

    /** A label without a value is no label (a merge patch's null removes it; some test servers keep the key). */
    private static Map<String, String> withoutNulls(Map<String, String> labels) {
        Map<String, String> copy = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    /** Builds an observation from a node's labels and annotations. */
    public static ObservedNode of(String name, Map<String, String> labels, Map<String, String> annotations,
                                  boolean ready) {
        Map<String, String> notes = annotations == null ? Map.of() : annotations;
        return new ObservedNode(name, labels, split(notes.get(NodeAnnotations.ISCSI_IQN)),
                split(notes.get(NodeAnnotations.FC_WWNS)), ready);
    }

    /**
     * A comma- (or whitespace-) separated annotation value as a list, duplicates dropped, order kept. Values are
     * passed on as written: attach-svc, which uses them, validates and normalises them.
     */
    public static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> parts = new LinkedHashSet<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return new ArrayList<>(parts);
    }
}
