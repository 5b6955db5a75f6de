package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured replication links between arrays and whether each is up. Only linked arrays can stretch a pod.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class Links {
    private final Inventory inventory;
    private final Map<String, Link> links = new LinkedHashMap<>();

    /** A replication link; the pair is unordered. */
    static final class Link {
        final SimArray a;
        final SimArray b;
        boolean up = true;
        Long changedAt;

        Link(SimArray a, SimArray b) {
            this.a = a;
            this.b = b;
        }
    }

    Links(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Adds a configured link between two known arrays. */
    void add(String a, String b) {
        links.put(linkKey(a, b), new Link(inventory.arrays.get(a), inventory.arrays.get(b)));
    }

    /** The link between two arrays (either order), or null. */
    Link link(String a, String b) {
        return links.get(linkKey(a, b));
    }

    private static String linkKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** Admin: cuts the link, optionally setting both ends' Mediator reachability in the same instant. */
    void cut(String a, String b, Boolean mediatorReachable) {
        Link l = requireLink(a, b);
        if (mediatorReachable != null) {
            l.a.mediatorReachable = mediatorReachable;
            l.b.mediatorReachable = mediatorReachable;
        }
        if (l.up) {
            l.up = false;
            l.changedAt = inventory.now();
        }
    }

    /** Admin: brings the link back. */
    void restore(String a, String b) {
        Link l = requireLink(a, b);
        if (!l.up) {
            l.up = true;
            l.changedAt = inventory.now();
        }
    }

    private Link requireLink(String a, String b) {
        inventory.array(a);
        inventory.array(b);
        Link l = link(a, b);
        if (l == null) {
            throw new IllegalArgumentException("link: no replication link between " + a + " and " + b);
        }
        return l;
    }

    /** Every link as the admin state shows it, in configuration order. */
    List<FleetState.LinkState> states() {
        List<FleetState.LinkState> ls = new ArrayList<>();
        for (Link l : links.values()) {
            ls.add(new FleetState.LinkState(List.of(l.a.name, l.b.name), l.up ? "up" : "cut", l.changedAt));
        }
        return ls;
    }
}
