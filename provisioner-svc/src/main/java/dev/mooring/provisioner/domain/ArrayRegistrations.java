package dev.mooring.provisioner.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what pure.json and the arrays say now with what was last announced, entry by entry, and says
 * which events that takes: an entry is announced when it is new or its registration changed (registered,
 * failed for another reason, a different array behind the endpoint), and removed when it left pure.json.
 * Nothing else is an event — not a resync, not a restart, not a rotated token that reaches the same array —
 * so consumers see each change once.
 */
public final class ArrayRegistrations {

    /** What an entry is. {@code Pending}: configured but not checked yet; it changes nothing. */
    public enum Status { Registered, Failed, Pending }

    private ArrayRegistrations() {
    }

    /**
     * An entry as the directory sees it now.
     *
     * @param key   the entry's identity: its management endpoint, or {@code FlashArrays[i]} without one
     * @param entry how messages name it: {@code FlashArrays[i] (endpoint)}
     */
    public record Observed(String key, String entry, String endpoint, Status status, String name, String arrayId,
                           String purityVersion, Long capacityBytes, Long freeBytes, Map<String, String> labels,
                           String reason, String message) {
        public Observed {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** An entry as last recorded (and announced). */
    public record Recorded(String key, String name, String endpoint, Status status, String reason) {
    }

    /** One thing to do. */
    public sealed interface Step {
    }

    /** Record the entry and announce it: {@code ArrayRegistered} or {@code ArrayRegistrationFailed}. */
    public record Announce(Observed entry, Recorded before) implements Step {
    }

    /** Record new figures (capacity, free space) without an event: the registration did not change. */
    public record Refresh(Observed entry) implements Step {
    }

    /**
     * Forget the entry; {@code ArrayRemoved} when it was ever an array (a name is known). {@code arrayName}
     * is that name, or null.
     */
    public record Remove(Recorded entry, String arrayName) implements Step {
    }

    /**
     * The steps from {@code recorded} to {@code observed}.
     *
     * @param settled whether the directory has read pure.json since the service started; before that an
     *                entry missing from it is not gone, only not read yet, and nothing is removed
     */
    public static List<Step> diff(List<Observed> observed, List<Recorded> recorded, boolean settled) {
        Map<String, Recorded> before = new LinkedHashMap<>();
        recorded.forEach(r -> before.put(r.key(), r));
        List<Step> steps = new ArrayList<>();
        Map<String, Observed> now = new LinkedHashMap<>();
        observed.forEach(o -> now.put(o.key(), o));
        for (Observed entry : now.values()) {
            Recorded last = before.get(entry.key());
            if (entry.status() == Status.Pending) {
                continue; // not checked yet: neither new nor changed, and not gone
            }
            if (last == null || changed(last, entry)) {
                steps.add(new Announce(entry, last));
            } else {
                steps.add(new Refresh(entry));
            }
        }
        if (settled) {
            for (Recorded last : before.values()) {
                if (!now.containsKey(last.key())) {
                    steps.add(new Remove(last, last.name()));
                }
            }
        }
        return steps;
    }

    private static boolean changed(Recorded last, Observed now) {
        if (last.status() != now.status()) {
            return true;
        }
        if (now.status() == Status.Registered) {
            return !Objects.equals(last.name(), now.name());
        }
        return !Objects.equals(last.reason(), now.reason());
    }
}
