package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A host's IQNs, WWNs and NQNs: their formats, and the rule that one initiator belongs to at most one host per
 * array (kept in {@link SimArray#initiators}). Planned first, applied after every other check has passed.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class Initiators {
    private static final Pattern HEX16 = Pattern.compile("[0-9A-F]{16}");

    private Initiators() {
    }

    /** A host's initiators after a change, normalised and checked free, not yet applied. */
    record Plan(List<String> iqns, List<String> wwns, List<String> nqns) {
    }

    static Plan plan(SimArray a, Host h, HostSpec s) {
        List<String> iqns = plan(h.iqns, s.iqns(), s.addIqns(), s.removeIqns(), Initiators::normaliseIqn);
        List<String> wwns = plan(h.wwns, s.wwns(), s.addWwns(), s.removeWwns(), Initiators::normaliseWwn);
        List<String> nqns = plan(h.nqns, s.nqns(), s.addNqns(), s.removeNqns(), Initiators::normaliseNqn);
        for (String i : iqns) {
            checkFree(a, h, iqnKey(i), "IQN", i);
        }
        for (String w : wwns) {
            checkFree(a, h, "wwn:" + w, "WWN", w);
        }
        for (String n : nqns) {
            checkFree(a, h, nqnKey(n), "NQN", n);
        }
        return new Plan(iqns, wwns, nqns);
    }

    private static void checkFree(SimArray a, Host h, String key, String kind, String value) {
        Host owner = a.initiators.get(key);
        if (owner != null && owner != h) {
            throw new DomainException(h.name, "The " + kind + " " + value + " is already in use by host " + owner.name + ".");
        }
    }

    private static List<String> plan(Set<String> current, List<String> replace, List<String> add, List<String> remove,
                                     UnaryOperator<String> normalise) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (replace != null) {
            for (String s : replace) {
                out.add(normalise.apply(s));
            }
        } else {
            out.addAll(current);
        }
        if (add != null) {
            for (String s : add) {
                out.add(normalise.apply(s));
            }
        }
        if (remove != null) {
            for (String s : remove) {
                String n = normalise.apply(s);
                out.removeIf(x -> x.equalsIgnoreCase(n));
            }
        }
        return new ArrayList<>(out);
    }

    private static String normaliseIqn(String s) {
        String t = s == null ? "" : s.trim();
        String l = t.toLowerCase(Locale.ROOT);
        if (!(l.startsWith("iqn.") || l.startsWith("eui.")) || t.length() < 5 || t.length() > 223) {
            throw new DomainException(t, "Invalid IQN '" + t + "'.");
        }
        return t;
    }

    private static String normaliseNqn(String s) {
        String t = s == null ? "" : s.trim();
        if (!t.toLowerCase(Locale.ROOT).startsWith("nqn.") || t.length() < 5 || t.length() > 223) {
            throw new DomainException(t, "Invalid NQN '" + t + "'.");
        }
        return t;
    }

    /** WWNs are shown upper case without colons; input may have colons and any case. */
    static String normaliseWwn(String s) {
        String t = s == null ? "" : s.trim().replace(":", "").toUpperCase(Locale.ROOT);
        if (!HEX16.matcher(t).matches()) {
            throw new DomainException(s, "Invalid WWN '" + s + "'.");
        }
        return t;
    }

    // IQNs and NQNs are unique regardless of case; WWNs are already upper case once normalised
    private static String iqnKey(String iqn) {
        return "iqn:" + iqn.toLowerCase(Locale.ROOT);
    }

    private static String nqnKey(String nqn) {
        return "nqn:" + nqn.toLowerCase(Locale.ROOT);
    }

    /** Frees the host's current initiators on the array (before a change, or when the host is deleted). */
    static void release(SimArray a, Host h) {
        for (String i : h.iqns) {
            a.initiators.remove(iqnKey(i));
        }
        for (String w : h.wwns) {
            a.initiators.remove("wwn:" + w);
        }
        for (String n : h.nqns) {
            a.initiators.remove(nqnKey(n));
        }
    }

    static void apply(SimArray a, Host h, Plan plan) {
        release(a, h);
        h.iqns.clear();
        h.wwns.clear();
        h.nqns.clear();
        h.iqns.addAll(plan.iqns);
        h.wwns.addAll(plan.wwns);
        h.nqns.addAll(plan.nqns);
        for (String i : h.iqns) {
            a.initiators.put(iqnKey(i), h);
        }
        for (String w : h.wwns) {
            a.initiators.put("wwn:" + w, h);
        }
        for (String n : h.nqns) {
            a.initiators.put(nqnKey(n), h);
        }
    }
}
