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

    /** What stands for the array directory in {@link Outcome.NotConfirmed} while pure.json is not applied. */
    public static final String DIRECTORY = "pure.json";
    /** What stands for the scope in {@link Outcome.NotConfirmed} when no array is in it. */
    public static final String EMPTY_SCOPE = "scope";

    /**
     * The arrays a fence must confirm: every array in pure.json (registered or not) and every array that holds, or
     * held, something of the failed node — its hosts, the volumes of its attachments, its drives, any connection made
     * to its host. An array that is away must confirm too: it may come back with the connections it had.
     */
    public static List<String> scope(Collection<String> inPureJson, Collection<String> ofHosts,
                                     Collection<String> ofAttachments, Collection<String> ofDrives,
                                     Collection<String> ofConnections) {
        Set<String> all = new TreeSet<>();
        for (Collection<String> part : List.of(inPureJson, ofHosts, ofAttachments, ofDrives, ofConnections)) {
            part.stream().filter(a -> a != null && !a.isBlank()).forEach(all::add);
        }
        return List.copyOf(all);
    }

    /** The outcome over the fence's scope. */
    public sealed interface Outcome {
        /**
         * Every array in scope was read after the removals and shows the failed host nothing ({@code verifiedArrays}),
         * or an operator confirmed the fence for it ({@code overriddenArrays}).
         */
        record Confirmed(List<String> verifiedArrays, List<String> overriddenArrays) implements Outcome {
            public Confirmed(List<String> verifiedArrays) {
                this(verifiedArrays, List.of());
            }
        }

        /** At least one array could not be read, refused a removal or still shows something; or no scope yet. */
        record NotConfirmed(Map<String, String> problemsByArray) implements Outcome {
        }
    }

    /**
     * @param scope            every array that must confirm
     * @param confirmedArrays  arrays read after the removals that show the failed host nothing
     * @param problemsByArray  arrays where something went wrong, with what
     */
    public static Outcome outcome(Collection<String> scope, Collection<String> confirmedArrays,
                                  Map<String, String> problemsByArray) {
        return outcome(true, scope, confirmedArrays, problemsByArray, List.of());
    }

    /**
     * @param directoryLoaded  whether pure.json has been applied since start: until then the scope is not known
     * @param overridden       arrays an operator confirmed the fence for (they count as confirmed, never verified)
     */
    public static Outcome outcome(boolean directoryLoaded, Collection<String> scope, Collection<String> confirmedArrays,
                                  Map<String, String> problemsByArray, Collection<String> overridden) {
        if (!directoryLoaded) {
            return new Outcome.NotConfirmed(Map.of(DIRECTORY, "the array directory is not loaded yet (pure.json not"
                    + " applied since start), so the arrays to fence are not known"));
        }
        if (scope.isEmpty()) {
            return new Outcome.NotConfirmed(Map.of(EMPTY_SCOPE, "no array is known (pure.json lists none and the node"
                    + " has no host, attachment or drive on any): nothing can confirm the fence"));
        }
        List<String> verified = new ArrayList<>(new TreeSet<>(confirmedArrays));
        Map<String, String> problems = new java.util.TreeMap<>(problemsByArray);
        for (String array : scope) {
            if (!verified.contains(array) && !problems.containsKey(array)) {
                problems.put(array, "not confirmed");
            }
        }
        List<String> byOperator = new ArrayList<>();
        for (String array : new TreeSet<>(overridden)) {
            if (problems.remove(array) != null) {
                byOperator.add(array);
            }
        }
        return problems.isEmpty() ? new Outcome.Confirmed(verified, List.copyOf(byOperator))
                : new Outcome.NotConfirmed(problems);
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
