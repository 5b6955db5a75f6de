package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Every connect and disconnect seen by each host, across all arrays, never pruned: tests and the admin API
 * read it to prove what a service did. Callers hold the {@link SimulatedFleet} lock.
 */
final class ConnectionHistory {
    private final Inventory inventory;
    private final List<ConnectionEvent> history = new ArrayList<>();

    ConnectionHistory(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Appends one event; its seq is its position, so seq is strictly increasing across all arrays. */
    void record(SimArray a, Host h, HostGroup g, Volume v, int lun, String action, String cause) {
        history.add(new ConnectionEvent(history.size() + 1L, inventory.now(), a.name, h.name, g == null ? null : g.name,
                v.fullName(), v.id, lun, action, cause));
    }

    /** The connection history, filtered (nulls match all), strictly ordered by seq. */
    List<ConnectionEvent> query(String arrayName, String host, String volume, long afterSeq) {
        List<ConnectionEvent> out = new ArrayList<>();
        int start = (int) Math.max(0, Math.min(afterSeq, history.size()));
        for (int i = start; i < history.size(); i++) {
            ConnectionEvent e = history.get(i);
            if ((arrayName == null || arrayName.equals(e.array())) && (host == null || host.equalsIgnoreCase(e.host()))
                    && (volume == null || volume.equalsIgnoreCase(e.volume()))) {
                out.add(e);
            }
        }
        return out;
    }
}
