package dev.mooring.flasharray.sim.domain;

/** A realm (secure multi-tenancy) on one array: a namespace for pods ({@code realm::pod}). */
public final class Realm {
    final String id;
    final String name;
    final long created;
    final long seq;

    Realm(String id, String name, long created, long seq) {
        this.id = id;
        this.name = name;
        this.created = created;
        this.seq = seq;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public long created() {
        return created;
    }

    public long seq() {
        return seq;
    }
}
