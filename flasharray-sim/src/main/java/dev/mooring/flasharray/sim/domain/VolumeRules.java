package dev.mooring.flasharray.sim.domain;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.mooring.flasharray.sim.domain.SimulatedFleet.DEFAULT_VOLUME_SIZE;
import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MAX_BANDWIDTH;
import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MAX_IOPS;
import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MAX_VOLUME_SIZE;
import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MIN_BANDWIDTH;
import static dev.mooring.flasharray.sim.domain.SimulatedFleet.MIN_IOPS;

/**
 * Volumes: create (serials from the array id), change (rename, resize, QoS, destroy, recover), clone, eradicate,
 * and the admin's written bytes. A pod volume changes only where its pod is serving.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class VolumeRules {
    private final Inventory inventory;
    private final ActiveCluster activeCluster;
    private final ConnectionRules connections;
    private final Eradication eradication;

    VolumeRules(Inventory inventory, ActiveCluster activeCluster, ConnectionRules connections, Eradication eradication) {
        this.inventory = inventory;
        this.activeCluster = activeCluster;
        this.connections = connections;
        this.eradication = eradication;
    }

    Volume createVolume(String arrayName, String fullName, Long provisioned,
                        Change<Long> bandwidthLimit, Change<Long> iopsLimit) {
        SimArray a = inventory.array(arrayName);
        String[] parts = fullName.split("::", -1);
        if (parts.length > 3) {
            throw new DomainException(fullName, "Invalid volume name: at most realm::pod::volume.");
        }
        if (fullName.contains("/")) {
            throw DomainException.notFound("Volume group", fullName.substring(0, fullName.indexOf('/')));
        }
        for (String part : parts) {
            String problem = NameRules.problem(part);
            if (problem != null) {
                throw new DomainException(fullName, "Invalid volume name: " + problem + ".");
            }
        }
        String shortName = parts[parts.length - 1];
        Pod pod = null;
        Map<String, Volume> container = a.volumes;
        if (parts.length > 1) {
            String podName = fullName.substring(0, fullName.lastIndexOf("::"));
            if (parts.length == 3 && !a.realms.containsKey(NameRules.key(parts[0]))) {
                throw DomainException.notFound("Realm", parts[0]);
            }
            pod = a.pods.get(NameRules.key(podName));
            if (pod == null) {
                throw DomainException.notFound("Pod", podName);
            }
            if (pod.destroyed) {
                throw new DomainException(pod.name, "Pod has been destroyed.");
            }
            if (!"promoted".equals(pod.promotionStatus)) {
                throw new DomainException(pod.name, "Pod is demoted; volumes cannot be created in it.");
            }
            activeCluster.requireServing(a, pod);
            container = pod.volumes;
        }
        if (container.containsKey(NameRules.key(shortName))) {
            throw new DomainException(fullName, "Volume already exists.");
        }
        long size = provisioned == null ? DEFAULT_VOLUME_SIZE : provisioned;
        checkSize(fullName, size);
        Long bw = bandwidthLimit == null ? null : checkBandwidth(fullName, bandwidthLimit.value());
        Long iops = iopsLimit == null ? null : checkIops(fullName, iopsLimit.value());
        String counter = Integer.toHexString(++a.serialCounter).toUpperCase(Locale.ROOT);
        String serial = a.serialPrefix + "00000000".substring(Math.min(8, counter.length())) + counter;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String id = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        Volume v = new Volume(id, shortName, serial, a, pod, inventory.nextSeq(), inventory.now(), size);
        v.bandwidthLimit = bw;
        v.iopsLimit = iops;
        container.put(NameRules.key(shortName), v);
        inventory.volumesById.put(id, v);
        return v;
    }

    Volume updateVolume(String arrayName, Volume v, VolumeUpdate u, boolean truncate) {
        SimArray a = inventory.array(arrayName);
        boolean other = u.name() != null || u.provisioned() != null || u.bandwidthLimit() != null || u.iopsLimit() != null;
        boolean any = other || u.destroyed() != null;
        if (v.pod != null && any) {
            activeCluster.requireServing(a, v.pod);
        }
        String label = v.fullName();
        if (v.destroyed && Boolean.FALSE.equals(u.destroyed())) {
            if (v.pod != null && v.pod.destroyed) {
                throw new DomainException(v.pod.name, "Pod has been destroyed.");
            }
            v.destroyed = false;
            v.destroyedAt = 0;
        }
        if (v.destroyed && (other || Boolean.TRUE.equals(u.destroyed()))) {
            throw new DomainException(label, "Volume has been destroyed.");
        }
        // validate everything before changing anything
        String newShort = null;
        if (u.name() != null) {
            String[] parts = u.name().split("::", -1);
            String target = parts[parts.length - 1];
            if (parts.length > 1) {
                String podName = u.name().substring(0, u.name().lastIndexOf("::"));
                if (v.pod == null || !NameRules.key(podName).equals(NameRules.key(v.pod.name))) {
                    throw new DomainException(u.name(), "A rename cannot move a volume into or out of a pod.");
                }
            }
            String problem = NameRules.problem(target);
            if (problem != null) {
                throw new DomainException(u.name(), "Invalid volume name: " + problem + ".");
            }
            Map<String, Volume> container = v.pod == null ? a.volumes : v.pod.volumes;
            Volume clash = container.get(NameRules.key(target));
            if (clash != null && clash != v) {
                throw new DomainException(u.name(), "Volume already exists.");
            }
            newShort = target;
        }
        if (u.provisioned() != null) {
            checkSize(label, u.provisioned());
            if (u.provisioned() < v.provisioned && !truncate) {
                throw new DomainException(label, "Implicit truncation not permitted. Set truncate=true to shrink the volume.");
            }
        }
        Long bw = u.bandwidthLimit() == null ? null : checkBandwidth(label, u.bandwidthLimit().value());
        Long iops = u.iopsLimit() == null ? null : checkIops(label, u.iopsLimit().value());
        if (Boolean.TRUE.equals(u.destroyed()) && !v.destroyed && inventory.config.refuseDestroyConnectedVolume()) {
            for (SimArray x : Inventory.arraysSeeing(v)) {
                if (x.connectionCount(v) > 0) {
                    throw new DomainException(label, "Volume cannot be destroyed due to existing connections.");
                }
            }
        }
        // apply
        if (newShort != null) {
            Map<String, Volume> container = v.pod == null ? a.volumes : v.pod.volumes;
            container.remove(NameRules.key(v.name));
            v.name = newShort;
            container.put(NameRules.key(newShort), v);
        }
        if (u.provisioned() != null) {
            v.provisioned = u.provisioned();
            v.written = Math.min(v.written, v.provisioned);
        }
        if (u.bandwidthLimit() != null) {
            v.bandwidthLimit = bw;
        }
        if (u.iopsLimit() != null) {
            v.iopsLimit = iops;
        }
        if (Boolean.TRUE.equals(u.destroyed()) && !v.destroyed) {
            destroyVolume(v, ConnectionEvent.CAUSE_API);
        }
        return v;
    }

    /**
     * Creates {@code fullName} as a copy of {@code source} (its size unless {@code provisioned} is given, and its
     * written bytes); with {@code overwrite} an existing live volume takes the source's size and content.
     */
    Volume cloneVolume(String arrayName, String fullName, Volume source, Long provisioned, boolean overwrite) {
        SimArray a = inventory.array(arrayName);
        if (source.destroyed) {
            throw new DomainException(source.fullName(), "Volume has been destroyed.");
        }
        Volume existing = inventory.volume(arrayName, fullName);
        if (existing != null && overwrite) {
            if (existing.destroyed) {
                throw new DomainException(fullName, "Volume has been destroyed.");
            }
            if (existing.pod != null) {
                activeCluster.requireServing(a, existing.pod);
            }
            existing.provisioned = source.provisioned;
            existing.written = source.written;
            return existing;
        }
        Volume v = createVolume(arrayName, fullName, provisioned == null ? source.provisioned : provisioned,
                source.bandwidthLimit == null ? null : Change.to(source.bandwidthLimit),
                source.iopsLimit == null ? null : Change.to(source.iopsLimit));
        v.written = Math.min(source.written, v.provisioned);
        return v;
    }

    /** Destroys a live volume: disconnected everywhere, eradicated when the delay has passed. */
    void destroyVolume(Volume v, String cause) {
        connections.disconnectEverywhere(v, cause);
        v.destroyed = true;
        v.destroyedAt = inventory.now();
        eradication.schedule(v, v.destroyedAt);
    }

    void eradicateVolume(String arrayName, Volume v) {
        SimArray a = inventory.array(arrayName);
        if (!v.destroyed) {
            throw new DomainException(v.fullName(), "Volume must be destroyed before it can be eradicated.");
        }
        if (v.pod != null) {
            activeCluster.requireServing(a, v.pod);
        }
        removeVolume(v);
    }

    /** Removes a volume for good (explicit eradication, the delay, or its pod's eradication). */
    void removeVolume(Volume v) {
        connections.disconnectEverywhere(v, ConnectionEvent.CAUSE_API);
        Map<String, Volume> container = v.pod == null ? v.array.volumes : v.pod.volumes;
        // a recreated volume may hold the name by now
        if (container.get(NameRules.key(v.name)) == v) {
            container.remove(NameRules.key(v.name));
        }
        inventory.volumesById.remove(v.id);
    }

    private static void checkSize(String label, long size) {
        if (size <= 0 || size % 512 != 0) {
            throw new DomainException(label, "Volume size must be a positive multiple of 512 bytes.");
        }
        if (size > MAX_VOLUME_SIZE) {
            throw new DomainException(label, "Volume size exceeds the maximum of 4 PiB (" + MAX_VOLUME_SIZE + " bytes).");
        }
    }

    private static Long checkBandwidth(String label, Long bw) {
        if (bw != null && (bw < MIN_BANDWIDTH || bw > MAX_BANDWIDTH)) {
            throw new DomainException(label, "Bandwidth limit must be between " + MIN_BANDWIDTH + " and " + MAX_BANDWIDTH + " bytes per second.");
        }
        return bw;
    }

    private static Long checkIops(String label, Long iops) {
        if (iops != null && (iops < MIN_IOPS || iops > MAX_IOPS)) {
            throw new DomainException(label, "IOPS limit must be between " + MIN_IOPS + " and " + MAX_IOPS + ".");
        }
        return iops;
    }

    /** Admin: how many bytes a volume holds. */
    void setWritten(String arrayName, String volumeName, long bytes) {
        Volume v = inventory.volume(arrayName, volumeName);
        if (v == null) {
            throw new IllegalArgumentException("volume: no volume '" + volumeName + "' on array " + arrayName);
        }
        if (bytes < 0 || bytes > v.provisioned) {
            throw new IllegalArgumentException("bytes: must be between 0 and the volume's provisioned size " + v.provisioned);
        }
        v.written = bytes;
    }
}
