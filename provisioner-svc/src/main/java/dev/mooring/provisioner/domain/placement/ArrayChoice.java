package dev.mooring.provisioner.domain.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which array a {@code pure_block} volume outside a pod is created on — by the rules drives are spread by
 * ({@link ArrayLabels}, then room): among the reachable arrays whose labels allow the volume's topology, those
 * labelled for its zone (then its region) first, then the most room, then the name, so the same inputs always give
 * the same choice. FlashArray volumes are thin: a volume larger than the free space is allowed, as the array
 * itself allows it, and a volume reserves nothing. A volume whose node is not known yet may go to any array.
 */
public final class ArrayChoice {

    /** The outcome of a choice. */
    public sealed interface Choice {
    }

    public record Chosen(String array) implements Choice {
    }

    /** No array: a stable reason and a message naming the arrays and the topology. */
    public record NoArray(String reason, String message, boolean retryable) implements Choice {
    }

    private ArrayChoice() {
    }

    /**
     * @param registered   the registered arrays, reachable or not now
     * @param unregistered the configured arrays that are not registered (for the message)
     * @param where        the volume's topology, or {@link Topology#UNKNOWN}
     */
    public static Choice choose(List<ArrayFacts> registered, List<String> unregistered, Topology where) {
        if (registered.isEmpty()) {
            return unregistered.isEmpty()
                    ? new NoArray("NoArrayRegistered", "No FlashArray is registered: add one to pure.json", true)
                    : new NoArray("NoArrayReachable", "No registered FlashArray is reachable ("
                            + String.join(", ", unregistered) + ")", true);
        }
        List<ArrayFacts> eligible = registered.stream().filter(a -> ArrayLabels.serves(a.labels(), where)).toList();
        if (eligible.isEmpty()) {
            return noneServes(registered, where);
        }
        Optional<ArrayFacts> chosen = eligible.stream().filter(ArrayFacts::reachable)
                .min(preference(where, ArrayFacts::room));
        return chosen.<Choice>map(a -> new Chosen(a.name())).orElseGet(() -> noneReachable(eligible, where));
    }

    /** The order of preference among arrays that serve {@code where}: labels, then room, then name. */
    static Comparator<ArrayFacts> preference(Topology where, java.util.function.ToLongFunction<ArrayFacts> room) {
        return Comparator.<ArrayFacts>comparingInt(a -> -ArrayLabels.affinity(a.labels(), where))
                .thenComparingLong(a -> -room.applyAsLong(a))
                .thenComparing(ArrayFacts::name);
    }

    static NoArray noneServes(List<ArrayFacts> registered, Topology where) {
        return new NoArray("NoArrayForZone", "No registered FlashArray serves " + where.describe()
                + ": every array's Labels name another zone or region ("
                + String.join(", ", registered.stream().map(ArrayFacts::name).toList()) + ")", false);
    }

    static NoArray noneReachable(List<ArrayFacts> eligible, Topology where) {
        String names = String.join(", ", eligible.stream().map(ArrayFacts::name).toList());
        return new NoArray("NoArrayReachable", where.known()
                ? "No FlashArray that serves " + where.describe() + " answers now (" + names + ")"
                : "No registered FlashArray is reachable (" + names + ")", true);
    }
}
