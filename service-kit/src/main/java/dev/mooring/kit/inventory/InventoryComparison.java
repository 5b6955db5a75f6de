package dev.mooring.kit.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The one rule of what is an orphan and when it may be cleaned up — plain Java, no I/O. An object listed on an array
 * is an orphan when it matches the service's naming, is not destroyed already, and the service's state does not want
 * it and has no operation on it under way; its first sighting is kept from the book, so the grace period runs across
 * runs, restarts and instances. A booked orphan that no listing shows any more (or that the state claims again) is
 * resolved — but only when every array it was on was listed this time: an array that did not answer says nothing.
 */
public final class InventoryComparison {

    private InventoryComparison() {
    }

    /** What the book holds of an orphan (resolved ones too, for the recovery rule). */
    public record Booked(List<String> arrays, Instant firstSeen, String action, Instant cleanedAt, Instant resolvedAt) {

        public Booked {
            arrays = List.copyOf(arrays);
        }

        boolean current() {
            return resolvedAt == null;
        }
    }

    /** Everything the comparison reads. {@code listed}: the arrays whose listing succeeded this run. */
    public record Input(List<ArrayObject> observed, Set<String> listed, Expected expected,
                        Predicate<ArrayObject> ours, Map<OrphanKey, Booked> book, Instant now, Duration grace,
                        boolean reportOnly) {
    }

    /** The orphans seen now (to book, report and clean up when due), and booked ones that are orphans no more. */
    public record Plan(List<Orphan> orphans, List<OrphanKey> resolved) {

        public List<Orphan> due() {
            return orphans.stream().filter(Orphan::due).toList();
        }

        public List<Orphan> firstFound() {
            return orphans.stream().filter(Orphan::firstFound).toList();
        }
    }

    public static Plan compare(Input in) {
        Map<OrphanKey, TreeSet<String>> seenOn = new LinkedHashMap<>();
        Map<OrphanKey, Claim> claims = new LinkedHashMap<>();
        for (ArrayObject object : in.observed()) {
            // Never anything outside the naming, nor what is destroyed already (the array eradicates it in time).
            if (!in.ours().test(object) || object.destroyed()) {
                continue;
            }
            Claim claim = in.expected().claimOn(object);
            if (!claim.orphan()) {
                continue;
            }
            seenOn.computeIfAbsent(object.key(), key -> new TreeSet<>()).add(object.array());
            claims.putIfAbsent(object.key(), claim);
        }
        List<Orphan> orphans = new ArrayList<>();
        seenOn.forEach((key, arrays) -> orphans.add(orphan(key, List.copyOf(arrays), claims.get(key),
                in.book().get(key), in)));
        List<OrphanKey> resolved = in.book().entrySet().stream()
                .filter(entry -> entry.getValue().current() && !seenOn.containsKey(entry.getKey()))
                .filter(entry -> in.listed().containsAll(entry.getValue().arrays()))
                .map(Map.Entry::getKey)
                .toList();
        return new Plan(List.copyOf(orphans), resolved);
    }

    private static Orphan orphan(OrphanKey key, List<String> arrays, Claim claim, Booked booked, Input in) {
        boolean continuing = booked != null && booked.current();
        boolean recovered = booked != null && booked.cleanedAt() != null;
        Instant firstSeen = continuing || recovered ? booked.firstSeen() : in.now();
        Duration age = Duration.between(firstSeen, in.now());
        Instant cleanUpAfter = firstSeen.plus(in.grace());
        if (recovered) {
            // Someone brought back what was cleaned up: theirs to decide now, never cleaned up again.
            return new Orphan(key, arrays, claim.reason(), claim.message(), firstSeen, age,
                    Orphan.KEPT_AFTER_RECOVERY, null, false, false);
        }
        if (in.reportOnly() || !claim.cleanable()) {
            return new Orphan(key, arrays, claim.reason(), claim.message(), firstSeen, age, Orphan.REPORT_ONLY, null,
                    false, !continuing);
        }
        boolean due = !in.now().isBefore(cleanUpAfter);
        String action = continuing && Objects.equals(booked.action(), Orphan.CLEANUP_FAILED)
                ? Orphan.CLEANUP_FAILED : Orphan.CLEAN_UP_AFTER_GRACE;
        return new Orphan(key, arrays, claim.reason(), claim.message(), firstSeen, age, action, cleanUpAfter, due,
                !continuing);
    }
}
