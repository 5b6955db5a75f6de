package dev.mooring.attach.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node's SCSI initiators: iSCSI IQNs and Fibre Channel WWNs, in the form the array shows them (IQNs as
 * given, WWNs upper case without colons), without duplicates, in a stable order.
 */
public record NodeInitiators(List<String> iqns, List<String> wwns) {

    private static final Pattern WWN = Pattern.compile("[0-9A-F]{16}");
    private static final int MAX_IQN_LENGTH = 223;

    public NodeInitiators {
        iqns = iqns == null ? List.of() : List.copyOf(new LinkedHashSet<>(iqns));
        wwns = wwns == null ? List.of() : List.copyOf(new LinkedHashSet<>(wwns));
    }

    public static NodeInitiators none() {
        return new NodeInitiators(List.of(), List.of());
    }

    public boolean isEmpty() {
        return iqns.isEmpty() && wwns.isEmpty();
    }

    public boolean hasIqn() {
        return !iqns.isEmpty();
    }

    public boolean hasWwn() {
        return !wwns.isEmpty();
    }

    /** Every initiator, IQNs first; IQNs lower-cased, because the array compares them ignoring case. */
    public Set<String> comparable() {
        Set<String> all = new LinkedHashSet<>();
        iqns.forEach(i -> all.add("iqn:" + i.toLowerCase(Locale.ROOT)));
        wwns.forEach(w -> all.add("wwn:" + w));
        return all;
    }

    /** True when both name the same initiators (IQN case ignored, order ignored). */
    public boolean sameAs(NodeInitiators other) {
        return comparable().equals(other.comparable());
    }

    /** The outcome of reading initiators from text: what was usable and what was not (naming the value). */
    public record Parsed(NodeInitiators initiators, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads initiators from lists of text values (annotation values split on commas, or a REST body). An
     * IQN must start with {@code iqn.} or {@code eui.}; a WWN is 16 hex digits, colons allowed.
     */
    public static Parsed parse(List<String> iqnValues, List<String> wwnValues) {
        List<String> problems = new ArrayList<>();
        List<String> iqns = new ArrayList<>();
        List<String> wwns = new ArrayList<>();
        for (String raw : iqnValues == null ? List.<String>of() : iqnValues) {
            String iqn = raw == null ? "" : raw.trim();
            if (iqn.isEmpty()) {
                continue;
            }
            String lower = iqn.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("iqn.") || lower.startsWith("eui.")) || iqn.length() > MAX_IQN_LENGTH
                    || iqn.chars().anyMatch(c -> c <= 0x20 || c == '\'' || c == ',')) {
                problems.add("'" + iqn + "' is not an iSCSI name (iqn.… or eui.…, at most 223 characters, no spaces)");
            } else {
                iqns.add(iqn);
            }
        }
        for (String raw : wwnValues == null ? List.<String>of() : wwnValues) {
            String text = raw == null ? "" : raw.trim();
            if (text.isEmpty()) {
                continue;
            }
            String wwn = text.replace(":", "").replace("-", "").toUpperCase(Locale.ROOT);
            if (!WWN.matcher(wwn).matches()) {
                problems.add("'" + text + "' is not a WWN (16 hex digits, colons allowed)");
            } else {
                wwns.add(wwn);
            }
        }
        return new Parsed(new NodeInitiators(iqns, wwns), List.copyOf(problems));
    }

    /** Splits a comma-separated (or whitespace-separated) value; null gives an empty list. */
    public static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
