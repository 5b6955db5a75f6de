package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A host object on one array: its initiators, personality, host group and private connections. */
public final class Host {
    String name;
    final long seq;
    final Set<String> iqns = new LinkedHashSet<>();
    final Set<String> wwns = new LinkedHashSet<>();
    final Set<String> nqns = new LinkedHashSet<>();
    String personality;
    HostGroup group;
    final List<String> preferredArrays = new ArrayList<>();
    String chapHostUser;
    String chapHostPassword;
    String chapTargetUser;
    String chapTargetPassword;
    /** Private connections by volume id. */
    final Map<String, Connection> privateConnections = new LinkedHashMap<>();
    /** LUNs in use on this host, private and through its group. */
    final BitSet luns = new BitSet(4096);

    Host(String name, long seq) {
        this.name = name;
        this.seq = seq;
    }

    public String name() {
        return name;
    }

    public long seq() {
        return seq;
    }

    public Set<String> iqns() {
        return iqns;
    }

    public Set<String> wwns() {
        return wwns;
    }

    public Set<String> nqns() {
        return nqns;
    }

    public String personality() {
        return personality;
    }

    public HostGroup group() {
        return group;
    }

    public List<String> preferredArrays() {
        return preferredArrays;
    }

    public String chapHostUser() {
        return chapHostUser;
    }

    public boolean chapHostPasswordSet() {
        return chapHostPassword != null;
    }

    public String chapTargetUser() {
        return chapTargetUser;
    }

    public boolean chapTargetPasswordSet() {
        return chapTargetPassword != null;
    }

    /** Volumes connected to this host, privately or through its host group. */
    public int connectionCount() {
        return privateConnections.size() + (group == null ? 0 : group.connections.size());
    }
}
