package dev.mooring.flasharray.client.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Host initiators by protocol. A null list means "not given" (leave that protocol alone); an empty list
 * given to a replace call clears it. WWNs are normalised to the array's form: upper case, no colons.
 */
public record Initiators(List<String> iqns, List<String> wwns, List<String> nqns) {

    public Initiators {
        iqns = iqns == null ? null : checked(iqns, "IQN");
        wwns = wwns == null ? null : normaliseWwns(wwns);
        nqns = nqns == null ? null : checked(nqns, "NQN");
    }

    public static Initiators none() {
        return new Initiators(null, null, null);
    }

    public static Initiators iqns(String... iqns) {
        return new Initiators(List.of(iqns), null, null);
    }

    public static Initiators wwns(String... wwns) {
        return new Initiators(null, List.of(wwns), null);
    }

    public static Initiators nqns(String... nqns) {
        return new Initiators(null, null, List.of(nqns));
    }

    public Initiators withIqns(List<String> iqns) {
        return new Initiators(iqns, wwns, nqns);
    }

    public Initiators withWwns(List<String> wwns) {
        return new Initiators(iqns, wwns, nqns);
    }

    public Initiators withNqns(List<String> nqns) {
        return new Initiators(iqns, wwns, nqns);
    }

    public boolean isEmpty() {
        return (iqns == null || iqns.isEmpty()) && (wwns == null || wwns.isEmpty()) && (nqns == null || nqns.isEmpty());
    }

    /** {@code 21:00:00:24:ff:3a:4f:1c} → {@code 21000024FF3A4F1C}; refuses anything but 16 hex digits. */
    public static String normaliseWwn(String wwn) {
        String w = wwn == null ? "" : wwn.replace(":", "").replace("-", "").trim().toUpperCase(Locale.ROOT);
        if (!w.matches("[0-9A-F]{16}")) {
            throw new IllegalArgumentException("a WWN is 16 hex digits (colons allowed): " + wwn);
        }
        return w;
    }

    private static List<String> normaliseWwns(List<String> wwns) {
        List<String> out = new ArrayList<>(wwns.size());
        for (String w : wwns) {
            out.add(normaliseWwn(w));
        }
        return List.copyOf(out);
    }

    private static List<String> checked(List<String> values, String what) {
        for (String v : values) {
            if (v == null || v.isBlank() || v.contains(",") || v.chars().anyMatch(c -> c < 0x21 || c == '\'')) {
                throw new IllegalArgumentException("invalid " + what + ": " + v);
            }
        }
        return List.copyOf(values);
    }
}
