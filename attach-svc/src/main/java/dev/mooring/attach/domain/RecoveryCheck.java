package dev.mooring.attach.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * After a node recovered: for each connection it should have (the drives it owns, the volumes attached to it), on
 * each array, is it there, to be restored, or impossible to check (the array could not be read)?
 */
public final class RecoveryCheck {

    private RecoveryCheck() {
    }

    public enum Kind { drive, volume }

    /** A connection the node should have on one array. */
    public record Expected(String array, String host, String volume, Kind kind) {
    }

    public enum Verdict { present, restore, unreadable }

    public record Check(Expected expected, Verdict verdict) {
    }

    /**
     * @param expected what the node should have
     * @param listed   per array read, the (host, volume) pairs it lists; an array missing from the map was not read
     */
    public static List<Check> plan(Collection<Expected> expected, Map<String, Collection<HostVolume>> listed) {
        Map<String, Set<String>> keys = new java.util.HashMap<>();
        listed.forEach((array, pairs) -> {
            Set<String> set = new HashSet<>();
            pairs.forEach(p -> set.add(key(p.host(), p.volume())));
            keys.put(array, set);
        });
        return expected.stream().distinct().map(e -> {
            Set<String> onArray = keys.get(e.array());
            if (onArray == null) {
                return new Check(e, Verdict.unreadable);
            }
            return new Check(e, onArray.contains(key(e.host(), e.volume())) ? Verdict.present : Verdict.restore);
        }).toList();
    }

    /** A connection an array lists. */
    public record HostVolume(String host, String volume) {
    }

    private static String key(String host, String volume) {
        return host.toLowerCase(Locale.ROOT) + "\u0000" + volume.toLowerCase(Locale.ROOT);
    }
}
