package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod: one object however many arrays it spans (at most two). Holds its volumes, its members' ActiveCluster
 * state, its failover preferences and whether a member is pre-elected.
 */
public final class Pod {
    final String id;
    String name;
    final Realm realm;
    final long seq;
    final long created;
    final List<PodMember> members = new ArrayList<>();
    final List<String> failoverPreferences = new ArrayList<>();
    String mediator;
    boolean destroyed;
    long destroyedAt;
    String promotionStatus = "promoted";
    Long quotaLimit;
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    /** Whether the members could talk to each other at the last evaluation (transition detection). */
    boolean connected = true;
    /** The array pre-elected while the Mediator is unreachable from every member, or null. */
    String preElected;

    Pod(String id, String name, Realm realm, long seq, long created, String mediator) {
        this.id = id;
        this.name = name;
        this.realm = realm;
        this.seq = seq;
        this.created = created;
        this.mediator = mediator;
    }

    public String id() {
        return id;
    }

    /** Full name ({@code realm::pod} inside a realm). */
    public String name() {
        return name;
    }

    public Realm realm() {
        return realm;
    }

    public long seq() {
        return seq;
    }

    public long created() {
        return created;
    }

    public String mediator() {
        return mediator;
    }

    public boolean destroyed() {
        return destroyed;
    }

    public long destroyedAt() {
        return destroyedAt;
    }

    public String promotionStatus() {
        return promotionStatus;
    }

    public Long quotaLimit() {
        return quotaLimit;
    }

    public List<String> failoverPreferences() {
        return failoverPreferences;
    }

    public List<String> memberNames() {
        return members.stream().map(m -> m.array.name).toList();
    }

    public boolean stretched() {
        return members.size() > 1;
    }

    public boolean hasMember(SimArray a) {
        for (PodMember m : members) {
            if (m.array == a) {
                return true;
            }
        }
        return false;
    }

    PodMember member(SimArray a) {
        for (PodMember m : members) {
            if (m.array == a) {
                return m;
            }
        }
        return null;
    }

    public Iterable<Volume> volumes() {
        return volumes.values();
    }

    public int liveVolumeCount() {
        int n = 0;
        for (Volume v : volumes.values()) {
            if (!v.destroyed) {
                n++;
            }
        }
        return n;
    }
}
