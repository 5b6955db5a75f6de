package dev.mooring.kit.inventory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the service's state says should be on the arrays: a {@link Claim} per object name; for an object whose claim
 * depends on more than its name (a connection: its host and volume on one array; a host: its node, on that array),
 * the {@code judge}, asked when no name claim exists (null: no word); and for anything else the reason per kind
 * ({@code unrecorded}) — such an object is an orphan.
 */
public record Expected(Map<String, Claim> claims, Map<String, Claim> unrecorded, Function<ArrayObject, Claim> judge) {

    public Expected {
        claims = Map.copyOf(claims);
        unrecorded = Map.copyOf(unrecorded);
        judge = judge == null ? object -> null : judge;
    }

    /** Claims by name only. */
    public Expected(Map<String, Claim> claims, Map<String, Claim> unrecorded) {
        this(claims, unrecorded, null);
    }

    /** Claims made object by object by {@code judge} (which may say null: then the kind's unrecorded reason). */
    public static Expected judgedBy(Function<ArrayObject, Claim> judge, Map<String, Claim> unrecorded) {
        return new Expected(Map.of(), unrecorded, judge);
    }

    /** The claim on {@code object}: the recorded one, else the judge's, else its kind's "unrecorded" reason. */
    public Claim claimOn(ArrayObject object) {
        Claim claim = claims.get(object.name());
        if (claim != null) {
            return claim;
        }
        Claim judged = judge.apply(object);
        if (judged != null) {
            return judged;
        }
        return unrecorded.getOrDefault(object.kind(), Claim.released("Unrecorded",
                "no record of this service names this " + object.kind()));
    }

    /** These claims, with {@code inFlight} names marked in flight over whatever else was said of them. */
    public Expected withInFlight(Map<String, String> inFlight) {
        Map<String, Claim> merged = new HashMap<>(claims);
        inFlight.forEach((name, why) -> merged.put(name, Claim.inFlight(why)));
        return new Expected(merged, unrecorded, judge);
    }
}
