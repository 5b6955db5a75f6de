package dev.mooring.topology.dr.domain;

import java.util.Locale;
import java.util.Optional;

/** A cluster domain runs its applications ({@code active}) or holds them scaled to zero ({@code inactive}). */
public enum DomainState {
    active, inactive;

    /** The state a text names (any case), if any. */
    public static Optional<DomainState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
