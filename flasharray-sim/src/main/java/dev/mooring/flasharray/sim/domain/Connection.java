package dev.mooring.flasharray.sim.domain;

/** A volume connected to a host (private; {@code group} null) or to a host group (shared; {@code host} null). */
public final class Connection {
    final long seq;
    final Host host;
    final HostGroup group;
    final Volume volume;
    final int lun;

    Connection(long seq, Host host, HostGroup group, Volume volume, int lun) {
        this.seq = seq;
        this.host = host;
        this.group = group;
        this.volume = volume;
        this.lun = lun;
    }

    public long seq() {
        return seq;
    }

    public Host host() {
        return host;
    }

    public HostGroup group() {
        return group;
    }

    public Volume volume() {
        return volume;
    }

    public int lun() {
        return lun;
    }

    public boolean shared() {
        return group != null;
    }
}
