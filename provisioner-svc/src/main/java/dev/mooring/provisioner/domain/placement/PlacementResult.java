package dev.mooring.provisioner.domain.placement;

import java.util.List;

/** What placement decided, always with the reasons: which rule excluded which pool, why the chosen ones won. */
public sealed interface PlacementResult {

    List<String> reasons();

    /** One pool per replica, replica 1 first. */
    record Placed(List<CandidatePool> pools, List<String> reasons) implements PlacementResult {
        public Placed {
            pools = List.copyOf(pools);
            reasons = List.copyOf(reasons);
        }
    }

    /** No placement satisfies the hard rules; {@code message} says which ran out (pools, nodes, space, zones). */
    record Impossible(String message, List<String> reasons) implements PlacementResult {
        public Impossible {
            reasons = List.copyOf(reasons);
        }
    }
}
