package dev.mooring.provisioner.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the array for a {@code pure_block} volume outside a pod: the reachable array with the most
 * free capacity, ties broken by name so the same inputs always give the same choice. FlashArray volumes
 * are thin, so a volume larger than the free space is allowed, as the array itself allows it.
 */
public final class ArrayChoice {

    /** What the provisioner knows of one array at the moment of choosing. */
    public record Candidate(String name, boolean reachable, long freeBytes) {
    }

    private ArrayChoice() {
    }

    /** The chosen array, or empty when none is reachable (see {@link #whyNone}). */
    public static Optional<Candidate> choose(List<Candidate> candidates) {
        return candidates.stream()
                .filter(Candidate::reachable)
                .max(Comparator.comparingLong(Candidate::freeBytes)
                        .thenComparing(Candidate::name, Comparator.reverseOrder()));
    }

    /** Why {@link #choose} found nothing, in words a user can act on. */
    public static String whyNone(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "No FlashArray is registered: add one to pure.json";
        }
        return "No registered FlashArray is reachable ("
                + String.join(", ", candidates.stream().map(Candidate::name).toList()) + ")";
    }
}
