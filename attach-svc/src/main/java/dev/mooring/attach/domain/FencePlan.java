package dev.mooring.attach.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fencing a failed node: what to remove on an array, whether the array's listing afterwards confirms the fence,
 * and which attachments of the node a takeover fences. Names compare ignoring case, as FlashArray compares them.
 */
public final class FencePlan {

    private FencePlan() {
    }

    /** A connection an array lists: a host (directly, or through {@code hostGroup} when non-null) sees a volume. */
    public record Listed(String host, String hostGroup, String volume) {
    }

    /** The volumes to disconnect from the failed node's host on one array: every private connection of that host. */
    public static List<String> toRemove(String failedHost, Collection<Listed> listed) {
        Set<String> volumes = new TreeSet<>();
        for (Listed c : listed) {
            if (same(c.host(), failedHost) && c.hostGroup() == null) {
                volumes.add(c.volume());
            }
        }
        return List.copyOf(volumes);
    }

    /**
     * What the array still shows the failed host, read after the removals: any connection, private or through a
     * host group (a host group's connection reaches the host just as well). Empty means the array confirms the fence.
     */
    public static List<Listed> remaining(String failedHost, Collection<Listed> listedAfter) {
        return listedAfter.stream().filter(c -> same(c.host(), failedHost)).toList();
    }

    /** The outcome over every registered array. */
    public sealed interface Outcome {
        /** Every array was read after the removals and shows the failed host nothing. */
        record Confirmed(List<String> verifiedArrays) implements Outcome {
        }

        /** At least one array could not be read, refused a removal or still shows a connection. */
        record NotConfirmed(Map<String, String> problemsByArray) implements Outcome {
        }
    }

    /**
     * @param registered       every registered array
     * @param confirmedArrays  arrays read after the removals that show the failed host nothing
     * @param problemsByArray  arrays where something went wrong, with what
     */
    public static Outcome outcome(Collection<String> registered, Collection<String> confirmedArrays,
                                  Map<String, String> problemsByArray) {
        List<String> verified = new ArrayList<>(new TreeSet<>(confirmedArrays));
        Map<String, String> problems = new java.util.TreeMap<>(problemsByArray);
        for (String array : registered) {
            if (!verified.contains(array) && !problems.containsKey(array)) {
                problems.put(array, "not confirmed");
            }
        }
        return problems.isEmpty() ? new Outcome.Confirmed(verified) : new Outcome.NotConfirmed(problems);
    }

    /**
     * Whether an attachment of the failed node is fenced by a takeover recorded at {@code fencedAt}: one requested
     * before the fence was recorded is; a new one, asked for after the node came back (storageless), is not.
     */
    public static boolean fences(java.time.Instant attachmentRequestedAt, java.time.Instant fencedAt) {
        return !attachmentRequestedAt.isAfter(fencedAt);
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
