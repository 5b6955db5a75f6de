package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.List;

import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MAX_LUN;

/**
 * Connections of volumes to hosts (private) and host groups (shared) on one array, with FlashArray's LUN rules:
 * a private connection takes the host's lowest free LUN; a shared one takes a LUN free on the group and on every
 * member, counting down from 254 first. Every change is written to the {@link ConnectionHistory}.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class ConnectionRules {
    private final Inventory inventory;
    private final ActiveCluster activeCluster;
    private final ConnectionHistory history;

    ConnectionRules(Inventory inventory, ActiveCluster activeCluster, ConnectionHistory history) {
        this.inventory = inventory;
        this.activeCluster = activeCluster;
        this.history = history;
    }

    List<Connection> connections(String arrayName) {
        return new ArrayList<>(inventory.array(arrayName).connections.values());
    }

    Connection connectHost(String arrayName, Host h, Volume v, Integer lun) {
        SimArray a = inventory.array(arrayName);
        checkConnectable(a, v);
        if (h.privateConnections.containsKey(v.id) || h.group != null && h.group.connections.containsKey(v.id)) {
            throw new DomainException(v.fullName(), "Connection already exists.");
        }
        int chosen;
        if (lun != null) {
            checkLun(v, lun);
            if (h.luns.get(lun)) {
                throw new DomainException(h.name, "LUN " + lun + " is already in use on host " + h.name + ".");
            }
            chosen = lun;
        } else {
            chosen = h.luns.nextClearBit(1);
            if (chosen > MAX_LUN) {
                throw new DomainException(h.name, "Connection limit reached: host " + h.name + " has no free LUN.");
            }
        }
        Connection c = new Connection(inventory.nextSeq(), h, null, v, chosen);
        h.privateConnections.put(v.id, c);
        h.luns.set(chosen);
        a.index(c);
        history.record(a, h, null, v, chosen, ConnectionEvent.CONNECT, ConnectionEvent.CAUSE_API);
        return c;
    }

    Connection connectHostGroup(String arrayName, HostGroup g, Volume v, Integer lun) {
        SimArray a = inventory.array(arrayName);
        checkConnectable(a, v);
        if (g.connections.containsKey(v.id)) {
            throw new DomainException(v.fullName(), "Connection already exists.");
        }
        for (Host h : g.hosts) {
            if (h.privateConnections.containsKey(v.id)) {
                throw new DomainException(v.fullName(), "Volume is already connected to host " + h.name + " of host group " + g.name + ".");
            }
        }
        int chosen;
        if (lun != null) {
            checkLun(v, lun);
            if (!sharedLunFree(g, lun)) {
                throw new DomainException(g.name, "LUN " + lun + " is already in use in host group " + g.name + ".");
            }
            chosen = lun;
        } else {
            chosen = -1;
            for (int l = 254; l >= 1 && chosen < 0; l--) {
                if (sharedLunFree(g, l)) {
                    chosen = l;
                }
            }
            for (int l = 255; l <= MAX_LUN && chosen < 0; l++) {
                if (sharedLunFree(g, l)) {
                    chosen = l;
                }
            }
            if (chosen < 0) {
                throw new DomainException(g.name, "Connection limit reached: host group " + g.name + " has no free LUN.");
            }
        }
        Connection c = new Connection(inventory.nextSeq(), null, g, v, chosen);
        g.connections.put(v.id, c);
        g.luns.set(chosen);
        a.index(c);
        for (Host h : g.hosts) {
            h.luns.set(chosen);
            history.record(a, h, g, v, chosen, ConnectionEvent.CONNECT, ConnectionEvent.CAUSE_API);
        }
        return c;
    }

    private static boolean sharedLunFree(HostGroup g, int lun) {
        if (g.luns.get(lun)) {
            return false;
        }
        for (Host h : g.hosts) {
            if (h.luns.get(lun)) {
                return false;
            }
        }
        return true;
    }

    private static void checkLun(Volume v, int lun) {
        if (lun < 1 || lun > MAX_LUN) {
            throw new DomainException(v.fullName(), "LUN must be between 1 and " + MAX_LUN + ".");
        }
    }

    private void checkConnectable(SimArray a, Volume v) {
        if (v.destroyed) {
            throw new DomainException(v.fullName(), "Volume has been destroyed.");
        }
        if (v.pod != null) {
            activeCluster.requireServing(a, v.pod);
        }
    }

    void disconnectHost(String arrayName, Host h, Volume v) {
        SimArray a = inventory.array(arrayName);
        Connection c = h.privateConnections.get(v.id);
        if (c == null) {
            throw new DomainException(v.fullName(), "Connection does not exist.");
        }
        removePrivate(a, c, ConnectionEvent.CAUSE_API);
    }

    void disconnectHostGroup(String arrayName, HostGroup g, Volume v) {
        SimArray a = inventory.array(arrayName);
        Connection c = g.connections.get(v.id);
        if (c == null) {
            throw new DomainException(v.fullName(), "Connection does not exist.");
        }
        removeShared(a, c, ConnectionEvent.CAUSE_API);
    }

    /**
     * Admin: removes a connection "by hand". A private connection of the host goes; if the host sees the volume
     * only through its host group, that group connection goes (for every member).
     */
    void adminDisconnect(String arrayName, String hostName, String volumeName) {
        SimArray a = inventory.array(arrayName);
        Host h = a.hosts.get(NameRules.key(hostName));
        if (h == null) {
            throw new IllegalArgumentException("host_names: no host '" + hostName + "' on array " + arrayName);
        }
        Volume v = inventory.volume(arrayName, volumeName);
        if (v == null) {
            throw new IllegalArgumentException("volume_names: no volume '" + volumeName + "' on array " + arrayName);
        }
        Connection c = h.privateConnections.get(v.id);
        if (c != null) {
            removePrivate(a, c, ConnectionEvent.CAUSE_ADMIN);
            return;
        }
        if (h.group != null && h.group.connections.containsKey(v.id)) {
            removeShared(a, h.group.connections.get(v.id), ConnectionEvent.CAUSE_ADMIN);
            return;
        }
        throw new IllegalArgumentException("host_names: host '" + hostName + "' is not connected to volume '" + volumeName + "'");
    }

    /** Removes every connection of a volume on every array that sees it (a destroyed or eradicated volume). */
    void disconnectEverywhere(Volume v, String cause) {
        for (SimArray x : Inventory.arraysSeeing(v)) {
            for (Connection c : new ArrayList<>(x.connectionsOf(v))) {
                if (c.group == null) {
                    removePrivate(x, c, cause);
                } else {
                    removeShared(x, c, cause);
                }
            }
        }
    }

    private void removePrivate(SimArray a, Connection c, String cause) {
        c.host.privateConnections.remove(c.volume.id);
        c.host.luns.clear(c.lun);
        a.unindex(c);
        history.record(a, c.host, null, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
    }

    private void removeShared(SimArray a, Connection c, String cause) {
        HostGroup g = c.group;
        g.connections.remove(c.volume.id);
        g.luns.clear(c.lun);
        a.unindex(c);
        for (Host h : g.hosts) {
            h.luns.clear(c.lun);
            history.record(a, h, g, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
        }
    }
}
