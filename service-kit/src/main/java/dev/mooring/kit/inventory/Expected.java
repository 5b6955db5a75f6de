package dev.mooring.kit.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * What the service's state says should be on the arrays: a {@link Claim} per object name, and for a name it has no
 * claim on, the reason per kind ({@code unrecorded}) — such an object is an orphan.
 */
public record Expected(Map<String, Claim> claims, Map<String, Claim> unrecorded) {

    public Expected {
        claims = Map.copyOf(claims);
        unrecorded = Map.copyOf(unrecorded);
    }

    /** The claim on {@code object}: the recorded one, else its kind's "unrecorded" reason. */
    public Claim claimOn(ArrayObject object) {
        Claim claim = claims.get(object.name());
        if (claim != null) {
            return claim;
        }
        return unrecorded.getOrDefault(object.kind(), Claim.released("Unrecorded",
                "no record of this service names this " + object.kind()));
    }

    /** These claims, with {@code inFlight} names marked in flight over whatever else was said of them. */
    public Expected withInFlight(Map<String, String> inFlight) {
        Map<String, Claim> merged = new HashMap<>(claims);
        inFlight.forEach((name, why) -> merged.put(name, Claim.inFlight(why)));
        return new Expected(merged, unrecorded);
    }
}
