package dev.mooring.topology.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Which {@code px/*} labels of a node Mooring wrote, read from the annotation
 * {@value NodeAnnotations#MANAGED_LABELS} ({@code px/region=r1,px/zone=z1}). A label belongs to Mooring only
 * while it still has the value Mooring wrote: a user who sets it to something else (or sets it before
 * Mooring did) owns it from then on, and Mooring never writes it again. Entries that are not
 * {@code px/region|zone|rack=value} are ignored, which leaves such labels to the user — the safe side.
 */
public final class ManagedLabels {

    private final Map<String, String> written;

    private ManagedLabels(Map<String, String> written) {
        this.written = written;
    }

    public static ManagedLabels none() {
        return new ManagedLabels(Map.of());
    }

    public static ManagedLabels parse(String annotation) {
        Map<String, String> written = new LinkedHashMap<>();
        if (annotation != null) {
            for (String entry : annotation.split(",")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = entry.substring(0, eq).trim();
                String value = entry.substring(eq + 1).trim();
                if (TopologyLevel.ofPxLabel(key) != null && !value.isEmpty()) {
                    written.put(key, value);
                }
            }
        }
        return new ManagedLabels(Map.copyOf(written));
    }

    /** The annotation value for labels Mooring wrote, in level order; null when there are none. */
    public static String format(Map<String, String> written) {
        StringJoiner joiner = new StringJoiner(",");
        for (TopologyLevel level : TopologyLevel.values()) {
            String value = written.get(level.pxLabel());
            if (value != null) {
                joiner.add(level.pxLabel() + "=" + value);
            }
        }
        return joiner.length() == 0 ? null : joiner.toString();
    }

    /** Whether the node's label {@code key} is one Mooring wrote and nobody has changed since. */
    public boolean ownedByMooring(String key, Map<String, String> labels) {
        String value = written.get(key);
        return value != null && Objects.equals(value, labels.get(key));
    }

    /** The labels Mooring wrote and still owns, by key. */
    public Map<String, String> owned(Map<String, String> labels) {
        Map<String, String> owned = new LinkedHashMap<>();
        written.forEach((key, value) -> {
            if (ownedByMooring(key, labels)) {
                owned.put(key, value);
            }
        });
        return owned;
    }

    /** The node's labels without those Mooring owns: the user's word, the input of the derivation. */
    public Map<String, String> userLabels(Map<String, String> labels) {
        Map<String, String> user = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        owned(user).keySet().forEach(user::remove);
        return user;
    }
}
