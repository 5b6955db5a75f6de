package dev.mooring.devstack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety invariant of a takeover, checked from the arrays' own connection history: replaying every
 * connect and disconnect in order, at no instant is one array volume connected to both the failed node's
 * host and the replacement's host.
 */
public final class FencingProof {

    private FencingProof() {
    }

    /** Each moment the invariant was broken, described; empty when it held throughout. */
    public static List<String> violations(List<ConnectionChange> history, String failedHost, String replacementHost) {
        Map<String, Set<String>> hostsByVolume = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (ConnectionChange change : history.stream().sorted(Comparator.comparingLong(ConnectionChange::seq)).toList()) {
            if (change.host() == null) {
                continue;
            }
            Set<String> hosts = hostsByVolume.computeIfAbsent(change.array() + "/" + change.volume(), k -> new HashSet<>());
            if (change.isConnect()) {
                hosts.add(change.host());
                if (hosts.contains(failedHost) && hosts.contains(replacementHost)) {
                    violations.add("seq " + change.seq() + ": " + change.array() + "/" + change.volume()
                            + " connected to both " + failedHost + " and " + replacementHost);
                }
            } else {
                hosts.remove(change.host());
            }
        }
        return violations;
    }

    /** The volumes that moved: connected to the failed host at some point and to the replacement later. */
    public static Set<String> moved(List<ConnectionChange> history, String failedHost, String replacementHost) {
        Set<String> onFailed = new HashSet<>();
        Set<String> moved = new HashSet<>();
        for (ConnectionChange change : history.stream().sorted(Comparator.comparingLong(ConnectionChange::seq)).toList()) {
            String key = change.array() + "/" + change.volume();
            if (change.isConnect() && failedHost.equals(change.host())) {
                onFailed.add(key);
            } else if (change.isConnect() && replacementHost.equals(change.host()) && onFailed.contains(key)) {
                moved.add(key);
            }
        }
        return moved;
    }
}
