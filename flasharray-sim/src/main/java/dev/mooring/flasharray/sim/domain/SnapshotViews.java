package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the immutable {@link Snapshots} that tests in other modules assert on, so they never hold live domain
 * objects outside the lock. Callers hold the {@link SimulatedFleet} lock.
 */
final class SnapshotViews {
    private final Inventory inventory;
    private final ActiveCluster activeCluster;

    SnapshotViews(Inventory inventory, ActiveCluster activeCluster) {
        this.inventory = inventory;
        this.activeCluster = activeCluster;
    }

    List<Snapshots.VolumeInfo> volumeInfos(String arrayName) {
        SimArray a = inventory.array(arrayName);
        List<Snapshots.VolumeInfo> out = new ArrayList<>();
        for (Volume v : inventory.volumes(arrayName)) {
            out.add(new Snapshots.VolumeInfo(v.id, v.fullName(), v.serial, v.provisioned, v.destroyed,
                    v.pod == null ? null : v.pod.name, v.written, a.connectionCount(v), v.bandwidthLimit, v.iopsLimit));
        }
        return out;
    }

    /** One row per host that sees a volume: a host-group connection gives one row per member. */
    List<Snapshots.ConnectionInfo> connectionInfos(String arrayName) {
        List<Snapshots.ConnectionInfo> out = new ArrayList<>();
        for (Connection c : inventory.array(arrayName).connections.values()) {
            if (c.group == null) {
                out.add(new Snapshots.ConnectionInfo(c.host.name, null, c.volume.fullName(), c.volume.id, c.lun));
            } else {
                for (Host h : c.group.hosts) {
                    out.add(new Snapshots.ConnectionInfo(h.name, c.group.name, c.volume.fullName(), c.volume.id, c.lun));
                }
            }
        }
        return out;
    }

    List<Snapshots.HostInfo> hostInfos(String arrayName) {
        List<Snapshots.HostInfo> out = new ArrayList<>();
        for (Host h : inventory.array(arrayName).hosts.values()) {
            out.add(new Snapshots.HostInfo(h.name, List.copyOf(h.iqns), List.copyOf(h.wwns), List.copyOf(h.nqns),
                    h.group == null ? null : h.group.name, h.connectionCount()));
        }
        return out;
    }

    List<Snapshots.HostGroupInfo> hostGroupInfos(String arrayName) {
        List<Snapshots.HostGroupInfo> out = new ArrayList<>();
        for (HostGroup g : inventory.array(arrayName).hostGroups.values()) {
            out.add(new Snapshots.HostGroupInfo(g.name, g.hosts.stream().map(h -> h.name).toList(), g.connections.size()));
        }
        return out;
    }

    /** Every pod on the array, with member statuses as that array reports them. */
    List<Snapshots.PodInfo> podInfos(String arrayName) {
        List<Snapshots.PodInfo> out = new ArrayList<>();
        for (Pod p : inventory.array(arrayName).pods.values()) {
            out.add(new Snapshots.PodInfo(p.name, p.id, p.memberNames(), p.destroyed, List.copyOf(p.failoverPreferences),
                    activeCluster.podStatuses(p, arrayName)));
        }
        return out;
    }

    /** The pod as {@code arrayName} sees it, or null. */
    Snapshots.PodInfo podInfo(String arrayName, String podName) {
        return podInfos(arrayName).stream().filter(p -> p.name().equalsIgnoreCase(podName)).findFirst().orElse(null);
    }
}
