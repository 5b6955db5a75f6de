package dev.mooring.attach.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the connections Mooring wants with those the arrays have, and says what to repair.
 *
 * <ul>
 *   <li>A wanted connection missing on an array that was read is <b>restored</b> (someone removed it by hand).</li>
 *   <li>A private connection between a volume Mooring owns and a host Mooring owns, on that array, that no
 *       attachment wants is <b>removed</b>.</li>
 *   <li>Everything else is left alone: volumes Mooring does not know, hosts it did not make (even when connected
 *       to a volume of its own), host-group connections, arrays that could not be read, and any volume/node pair
 *       with an attach or detach in flight (that flow is changing those connections right now).</li>
 * </ul>
 * Names compare ignoring case, as FlashArray compares them.
 */
public final class ConnectionReconciliation {

    private ConnectionReconciliation() {
    }

    /** A connection an attached attachment wants: its volume on its node's host on one array. */
    public record Wanted(String array, String host, String volume, String volumeId, String node) {
    }

    /** A connection an array reported. {@code hostGroup} non-null for a shared (host-group) connection. */
    public record Present(String array, String host, String hostGroup, String volume, Integer lun) {
    }

    /** A volume Mooring owns, by its name on one array. */
    public record OwnedVolume(String array, String volume, String volumeId) {
    }

    /** A host Mooring made (or adopted) for a node on one array. */
    public record OwnedHost(String array, String host, String node) {
    }

    /** A volume/node pair whose attach or detach is under way. */
    public record VolumeOnNode(String volumeId, String node) {
    }

    public enum Action { restored, removed }

    /** One repair to make. */
    public record Repair(Action action, String array, String host, String volume, String volumeId, String node) {
    }

    /** What reconciliation knows at one moment. */
    public record Snapshot(Set<String> arraysRead, Collection<Wanted> wanted, Collection<Present> present,
                           Collection<OwnedVolume> ownedVolumes, Collection<OwnedHost> ownedHosts,
                           Set<VolumeOnNode> inFlight) {
    }

    public static List<Repair> plan(Snapshot s) {
        Set<String> read = new HashSet<>();
        s.arraysRead().forEach(a -> read.add(key(a)));
        Set<String> presentKeys = new HashSet<>();
        for (Present p : s.present()) {
            if (p.hostGroup() == null) {
                presentKeys.add(key(p.array(), p.host(), p.volume()));
            }
        }
        Set<String> wantedKeys = new HashSet<>();
        List<Repair> repairs = new ArrayList<>();
        for (Wanted w : s.wanted()) {
            String k = key(w.array(), w.host(), w.volume());
            if (!wantedKeys.add(k)) {
                continue; // two attachments of one volume on one node share the connection
            }
            if (read.contains(key(w.array())) && !presentKeys.contains(k)
                    && !s.inFlight().contains(new VolumeOnNode(w.volumeId(), w.node()))) {
                repairs.add(new Repair(Action.restored, w.array(), w.host(), w.volume(), w.volumeId(), w.node()));
            }
        }
        Map<String, String> volumeIds = new HashMap<>();
        s.ownedVolumes().forEach(v -> volumeIds.put(key(v.array(), v.volume()), v.volumeId()));
        Map<String, String> nodes = new HashMap<>();
        s.ownedHosts().forEach(h -> nodes.put(key(h.array(), h.host()), h.node()));
        for (Present p : s.present()) {
            if (p.hostGroup() != null || !read.contains(key(p.array()))) {
                continue;
            }
            String volumeId = volumeIds.get(key(p.array(), p.volume()));
            String node = nodes.get(key(p.array(), p.host()));
            if (volumeId == null || node == null || wantedKeys.contains(key(p.array(), p.host(), p.volume()))
                    || s.inFlight().contains(new VolumeOnNode(volumeId, node))) {
                continue;
            }
            repairs.add(new Repair(Action.removed, p.array(), p.host(), p.volume(), volumeId, node));
        }
        repairs.sort(Comparator.comparing(Repair::array).thenComparing(Repair::volume).thenComparing(Repair::host));
        return List.copyOf(repairs);
    }

    private static String key(String... parts) {
        return String.join("\u0000", java.util.Arrays.stream(parts).map(p -> p.toLowerCase(Locale.ROOT)).toList());
    }
}
