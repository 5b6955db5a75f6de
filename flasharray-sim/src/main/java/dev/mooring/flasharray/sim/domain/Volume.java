package dev.mooring.flasharray.sim.domain;

/**
 * A volume. Outside a pod it belongs to one array; inside a pod it is visible on every array the pod spans —
 * one volume, one id, one serial.
 */
public final class Volume {
    final String id;
    String name;
    final String serial;
    final SimArray array;
    Pod pod;
    final long seq;
    final long created;
    long provisioned;
    boolean destroyed;
    long destroyedAt;
    Long bandwidthLimit;
    Long iopsLimit;
    long written;

    Volume(String id, String name, String serial, SimArray array, Pod pod, long seq, long created, long provisioned) {
        this.id = id;
        this.name = name;
        this.serial = serial;
        this.array = array;
        this.pod = pod;
        this.seq = seq;
        this.created = created;
        this.provisioned = provisioned;
    }

    public String id() {
        return id;
    }

    /** The name inside its container (without the pod prefix). */
    public String shortName() {
        return name;
    }

    /** The name the REST API shows: {@code pod::vol}, {@code realm::pod::vol} or {@code vol}. */
    public String fullName() {
        return pod == null ? name : pod.name + "::" + name;
    }

    public String serial() {
        return serial;
    }

    /** The array the volume was created on (it chose the serial). */
    public SimArray homeArray() {
        return array;
    }

    public Pod pod() {
        return pod;
    }

    public long seq() {
        return seq;
    }

    public long created() {
        return created;
    }

    public long provisioned() {
        return provisioned;
    }

    public boolean destroyed() {
        return destroyed;
    }

    public long destroyedAt() {
        return destroyedAt;
    }

    public Long bandwidthLimit() {
        return bandwidthLimit;
    }

    public Long iopsLimit() {
        return iopsLimit;
    }

    /** Bytes the volume holds (set through the admin API); drives its {@code space}. */
    public long written() {
        return written;
    }
}
