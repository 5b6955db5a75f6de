package dev.mooring.flasharray.sim.domain;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A host group on one array: its member hosts and its shared connections (same LUN on every member). */
public final class HostGroup {
    String name;
    final long seq;
    final Set<Host> hosts = new LinkedHashSet<>();
    final Map<String, Connection> connections = new LinkedHashMap<>();
    final BitSet luns = new BitSet(4096);

    HostGroup(String name, long seq) {
        this.name = name;
        this.seq = seq;
    }

    public String name() {
        return name;
    }

    public long seq() {
        return seq;
    }

    public Set<Host> hosts() {
        return hosts;
    }

    public int connectionCount() {
        return connections.size();
    }
}
