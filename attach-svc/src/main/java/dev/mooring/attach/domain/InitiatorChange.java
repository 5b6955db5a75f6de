package dev.mooring.attach.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to add to and remove from a host's initiators so that it carries exactly the node's: the
 * {@code add_iqns}/{@code remove_iqns}/{@code add_wwns}/{@code remove_wwns} lists of a host PATCH.
 */
public record InitiatorChange(List<String> addIqns, List<String> removeIqns, List<String> addWwns,
                              List<String> removeWwns) {

    public InitiatorChange {
        addIqns = List.copyOf(addIqns);
        removeIqns = List.copyOf(removeIqns);
        addWwns = List.copyOf(addWwns);
        removeWwns = List.copyOf(removeWwns);
    }

    /** From what the host has to what the node wants. IQNs compare ignoring case, as the array does. */
    public static InitiatorChange between(NodeInitiators current, NodeInitiators wanted) {
        Set<String> haveIqns = lower(current.iqns());
        Set<String> wantIqns = lower(wanted.iqns());
        List<String> addIqns = wanted.iqns().stream()
                .filter(i -> !haveIqns.contains(i.toLowerCase(Locale.ROOT))).toList();
        List<String> removeIqns = current.iqns().stream()
                .filter(i -> !wantIqns.contains(i.toLowerCase(Locale.ROOT))).toList();
        List<String> addWwns = wanted.wwns().stream().filter(w -> !current.wwns().contains(w)).toList();
        List<String> removeWwns = current.wwns().stream().filter(w -> !wanted.wwns().contains(w)).toList();
        return new InitiatorChange(addIqns, removeIqns, addWwns, removeWwns);
    }

    public boolean isEmpty() {
        return addIqns.isEmpty() && removeIqns.isEmpty() && addWwns.isEmpty() && removeWwns.isEmpty();
    }

    public boolean adds() {
        return !addIqns.isEmpty() || !addWwns.isEmpty();
    }

    public boolean removes() {
        return !removeIqns.isEmpty() || !removeWwns.isEmpty();
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
