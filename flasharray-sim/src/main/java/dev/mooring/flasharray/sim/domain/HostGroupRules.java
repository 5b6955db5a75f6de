package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Host groups on one array and their membership. A host joining or leaving a group that has connections gains
 * or loses those LUNs, recorded in the {@link ConnectionHistory} with cause {@code host-group}.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class HostGroupRules {
    private final Inventory inventory;
    private final ConnectionHistory history;

    HostGroupRules(Inventory inventory, ConnectionHistory history) {
        this.inventory = inventory;
        this.history = history;
    }

    List<HostGroup> hostGroups(String arrayName) {
        return new ArrayList<>(inventory.array(arrayName).hostGroups.values());
    }

    HostGroup hostGroup(String arrayName, String name) {
        return inventory.array(arrayName).hostGroups.get(NameRules.key(name));
    }

    HostGroup createHostGroup(String arrayName, String name) {
        SimArray a = inventory.array(arrayName);
        Realms.checkQualifiedName(a, name, "host group");
        if (a.hostGroups.containsKey(NameRules.key(name))) {
            throw new DomainException(name, "Host group already exists.");
        }
        HostGroup g = new HostGroup(name, inventory.nextSeq());
        a.hostGroups.put(NameRules.key(name), g);
        return g;
    }

    HostGroup renameHostGroup(String arrayName, HostGroup g, String newName) {
        SimArray a = inventory.array(arrayName);
        Realms.checkQualifiedName(a, newName, "host group");
        HostGroup clash = a.hostGroups.get(NameRules.key(newName));
        if (clash != null && clash != g) {
            throw new DomainException(newName, "Host group already exists.");
        }
        a.hostGroups.remove(NameRules.key(g.name));
        g.name = newName;
        a.hostGroups.put(NameRules.key(newName), g);
        return g;
    }

    void deleteHostGroup(String arrayName, HostGroup g) {
        SimArray a = inventory.array(arrayName);
        if (!g.connections.isEmpty()) {
            throw new DomainException(g.name, "Host group cannot be deleted due to existing connections.");
        }
        if (!g.hosts.isEmpty()) {
            throw new DomainException(g.name, "Host group cannot be deleted because it still has member hosts.");
        }
        a.hostGroups.remove(NameRules.key(g.name));
    }

    void addHostsToGroup(String arrayName, HostGroup g, List<Host> hosts) {
        SimArray a = inventory.array(arrayName);
        // check every host before any joins
        for (Host h : hosts) {
            if (h.group == g) {
                throw new DomainException(h.name, "Host is already a member of host group " + g.name + ".");
            }
            if (h.group != null) {
                throw new DomainException(h.name, "Host already belongs to host group " + h.group.name + ".");
            }
            if (!h.preferredArrays.isEmpty()) {
                throw new DomainException(h.name, "A host with preferred arrays cannot join a host group.");
            }
            checkJoin(h, g);
        }
        for (Host h : hosts) {
            joinGroup(a, h, g, ConnectionEvent.CAUSE_HOST_GROUP);
        }
    }

    void removeHostsFromGroup(String arrayName, HostGroup g, List<Host> hosts) {
        SimArray a = inventory.array(arrayName);
        for (Host h : hosts) {
            if (h.group != g) {
                throw new DomainException(h.name, "Host is not a member of host group " + g.name + ".");
            }
        }
        for (Host h : hosts) {
            leaveGroup(a, h, ConnectionEvent.CAUSE_HOST_GROUP);
        }
    }

    /** Refuses a join whose group connections clash with the host's LUNs or private connections to the same volume. */
    static void checkJoin(Host h, HostGroup g) {
        for (Connection c : g.connections.values()) {
            if (h.privateConnections.containsKey(c.volume.id)) {
                throw new DomainException(h.name, "Host already has a private connection to volume " + c.volume.fullName()
                        + ", which host group " + g.name + " is connected to.");
            }
            if (h.luns.get(c.lun)) {
                throw new DomainException(h.name, "LUN " + c.lun + " of host group " + g.name + " is already in use on host " + h.name + ".");
            }
        }
    }

    void joinGroup(SimArray a, Host h, HostGroup g, String cause) {
        h.group = g;
        g.hosts.add(h);
        for (Connection c : g.connections.values()) {
            h.luns.set(c.lun);
            history.record(a, h, g, c.volume, c.lun, ConnectionEvent.CONNECT, cause);
        }
    }

    void leaveGroup(SimArray a, Host h, String cause) {
        HostGroup g = h.group;
        for (Connection c : g.connections.values()) {
            h.luns.clear(c.lun);
            history.record(a, h, g, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
        }
        g.hosts.remove(h);
        h.group = null;
    }
}
