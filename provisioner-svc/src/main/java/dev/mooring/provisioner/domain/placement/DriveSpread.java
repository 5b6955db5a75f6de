package dev.mooring.provisioner.domain.placement;

import dev.mooring.provisioner.domain.StorageSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a storage node's drives go, by the rules every array choice follows ({@link ArrayLabels}, then room, then
 * name — see {@link ArrayChoice}): an array whose pure.json {@code Labels} name a region or zone serves only nodes
 * of that region or zone; those labelled for the node's zone (then region) are preferred, then the one with the
 * most room, then the name — so the same inputs always give the same plan, and two drives of one node land on two
 * arrays when they have similar room. Room is the array's free space less the drives Mooring already placed on it
 * (drives are thin, but a pool counts on its capacity), and less the drives planned before in the same plan. A
 * drive that fits no array fails the whole plan: the node gets all its drives or none.
 */
public final class DriveSpread {

    /** One drive to make: its index in the pool, size and array. */
    public record Placement(int index, long sizeBytes, String array) {
    }

    public sealed interface Plan {
    }

    public record Placed(List<Placement> drives) implements Plan {
    }

    /** No plan: {@code reason} is stable ({@code NoArrayRegistered}, {@code NoArrayForZone}, {@code ArrayOutOfSpace}). */
    public record Refused(String reason, String message, boolean retryable) implements Plan {
    }

    private DriveSpread() {
    }

    /** Plans drives of {@code sizes}, numbered from {@code firstIndex}, for a node in {@code region}/{@code zone}. */
    public static Plan plan(List<Long> sizes, int firstIndex, String region, String zone, List<ArrayFacts> arrays) {
        Topology where = Topology.of(region, zone);
        if (arrays.isEmpty()) {
            return new Refused("NoArrayRegistered", "No FlashArray is registered: add one to pure.json", true);
        }
        List<ArrayFacts> eligible = arrays.stream().filter(a -> ArrayLabels.serves(a.labels(), where)).toList();
        if (eligible.isEmpty()) {
            ArrayChoice.NoArray none = ArrayChoice.noneServes(arrays, where);
            return new Refused(none.reason(), none.message(), none.retryable());
        }
        List<ArrayFacts> reachable = eligible.stream().filter(ArrayFacts::reachable).toList();
        if (reachable.isEmpty()) {
            ArrayChoice.NoArray none = ArrayChoice.noneReachable(eligible, where);
            return new Refused(none.reason(), none.message(), none.retryable());
        }
        Map<String, Long> planned = new HashMap<>();
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            long size = sizes.get(i);
            Optional<ArrayFacts> chosen = reachable.stream()
                    .filter(a -> a.room() - planned.getOrDefault(a.name(), 0L) >= size)
                    .min(ArrayChoice.preference(where, a -> a.room() - planned.getOrDefault(a.name(), 0L)));
            if (chosen.isEmpty()) {
                return new Refused("ArrayOutOfSpace", "No FlashArray that serves " + where.describe()
                        + " has room for a drive of " + StorageSettings.gib(size) + " (room: "
                        + String.join(", ", reachable.stream().map(a -> a.name() + " " + StorageSettings.gib(
                                Math.max(0, a.room() - planned.getOrDefault(a.name(), 0L)))).toList())
                        + "); free space on an array or lower driveSpecs", false);
            }
            planned.merge(chosen.get().name(), size, Long::sum);
            placements.add(new Placement(firstIndex + i, size, chosen.get().name()));
        }
        return new Placed(List.copyOf(placements));
    }
}
