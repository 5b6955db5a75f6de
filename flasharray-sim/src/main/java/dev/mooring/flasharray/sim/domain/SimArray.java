package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ArrayConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** One simulated array: its configuration, whether it is up, and the objects that live on it. */
public final class SimArray {
    final String name;
    final String id;
    final ArrayConfig config;
    final long created;
    boolean up = true;
    boolean mediatorReachable = true;
    int serialCounter;
    final String serialPrefix;
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    final Map<String, Pod> pods = new LinkedHashMap<>();
    final Map<String, Realm> realms = new LinkedHashMap<>();
    final Map<String, Host> hosts = new LinkedHashMap<>();
    final Map<String, HostGroup> hostGroups = new LinkedHashMap<>();
    /** Initiator (IQN/NQN lower-cased, WWN normalised) → host. */
    final Map<String, Host> initiators = new HashMap<>();
    /** Every connection on this array in creation order (by seq). */
    final Map<Long, Connection> connections = new LinkedHashMap<>();
    /** Volume id → its connections on this array. */
    final Map<String, Set<Connection>> connectionsByVolume = new HashMap<>();

    SimArray(ArrayConfig config, long created) {
        this.name = config.name();
        this.id = config.id();
        this.config = config;
        this.created = created;
        this.serialPrefix = config.id().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    public ArrayConfig config() {
        return config;
    }

    public long created() {
        return created;
    }

    public boolean up() {
        return up;
    }

    public boolean mediatorReachable() {
        return mediatorReachable;
    }

    /** Reaches the Mediator: up, and the Mediator reachable from here. */
    boolean reachesMediator() {
        return up && mediatorReachable;
    }

    public Iterable<Host> hosts() {
        return hosts.values();
    }

    public Iterable<HostGroup> hostGroups() {
        return hostGroups.values();
    }

    public Iterable<Realm> realms() {
        return realms.values();
    }

    public Iterable<Pod> pods() {
        return pods.values();
    }

    public Iterable<Connection> connections() {
        return connections.values();
    }

    /** Hosts that see this volume here, privately or through a group. */
    public int connectionCount(Volume v) {
        Set<Connection> set = connectionsByVolume.get(v.id);
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Connection c : set) {
            n += c.group == null ? 1 : c.group.hosts.size();
        }
        return n;
    }

    Set<Connection> connectionsOf(Volume v) {
        return connectionsByVolume.getOrDefault(v.id, Set.of());
    }

    void index(Connection c) {
        connections.put(c.seq, c);
        connectionsByVolume.computeIfAbsent(c.volume.id, k -> new LinkedHashSet<>()).add(c);
    }

    void unindex(Connection c) {
        connections.remove(c.seq);
        Set<Connection> set = connectionsByVolume.get(c.volume.id);
        if (set != null) {
            set.remove(c);
            if (set.isEmpty()) {
                connectionsByVolume.remove(c.volume.id);
            }
        }
    }
}
