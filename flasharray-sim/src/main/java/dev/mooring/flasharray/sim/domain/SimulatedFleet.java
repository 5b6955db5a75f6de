package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.PodConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * All state of all simulated arrays and the rules that change it. Every public method is synchronized on the
 * fleet; the REST layer also holds that monitor while it renders, so a response is one consistent view.
 * Time comes from the injected {@link Clock}: resync progress, eradication and session expiry are computed
 * lazily from it, so no timers exist and a test can move time at will.
 *
 * <p>This class is the façade: the rules live in package-private collaborators named after what they govern
 * ({@link VolumeRules}, {@link HostRules}, {@link HostGroupRules}, {@link ConnectionRules}, {@link PodRules},
 * {@link ActiveCluster}, {@link Realms}, {@link Links}, {@link SpaceAccounting}, {@link Eradication},
 * {@link ConnectionHistory}), which share one {@link Inventory}. None of them locks: they run only under this
 * fleet's monitor, taken here.
 */
public final class SimulatedFleet {
    public static final long MAX_VOLUME_SIZE = 4503599627370496L;
    public static final long DEFAULT_VOLUME_SIZE = 1048576L;
    public static final long MIN_BANDWIDTH = 1048576L;
    public static final long MAX_BANDWIDTH = 549755813888L;
    public static final long MIN_IOPS = 100L;
    public static final long MAX_IOPS = 100_000_000L;
    public static final int MAX_LUN = 4095;

    private final Inventory inventory;
    private final Eradication eradication;
    private final Links links;
    private final ActiveCluster activeCluster;
    private final Realms realms;
    private final ConnectionHistory history;
    private final ConnectionRules connections;
    private final HostGroupRules hostGroups;
    private final HostRules hosts;
    private final VolumeRules volumes;
    private final PodRules pods;
    private final SpaceAccounting space;
    private final SnapshotViews snapshots;

    public SimulatedFleet(SimulatorConfig config) {
        inventory = new Inventory(config);
        eradication = new Eradication(inventory);
        links = new Links(inventory);
        activeCluster = new ActiveCluster(inventory, links);
        realms = new Realms(inventory);
        history = new ConnectionHistory(inventory);
        connections = new ConnectionRules(inventory, activeCluster, history);
        hostGroups = new HostGroupRules(inventory, history);
        hosts = new HostRules(inventory, hostGroups);
        volumes = new VolumeRules(inventory, activeCluster, connections, eradication);
        pods = new PodRules(inventory, links, activeCluster, volumes, eradication);
        space = new SpaceAccounting(inventory);
        snapshots = new SnapshotViews(inventory, activeCluster);

        // one instant for everything configured, so creation times agree
        long now = now();
        for (ArrayConfig ac : config.arrays()) {
            SimArray a = new SimArray(ac, now);
            inventory.arrays.put(ac.name(), a);
            for (String r : ac.realms()) {
                realms.addConfigured(a, r, now);
            }
        }
        for (List<String> l : config.replicationLinks()) {
            links.add(l.get(0), l.get(1));
        }
        for (PodConfig pc : config.pods()) {
            pods.addConfigured(pc, now);
        }
    }

    // ------------------------------------------------------------------ time, arrays, lookups

    public Clock clock() {
        return inventory.clock;
    }

    public long now() {
        return inventory.now();
    }

    public SimulatorConfig config() {
        return inventory.config;
    }

    public synchronized List<String> arrayNames() {
        return List.copyOf(inventory.arrays.keySet());
    }

    /** The array, or IllegalArgumentException naming it. */
    public synchronized SimArray array(String name) {
        return inventory.array(name);
    }

    public synchronized boolean hasArray(String name) {
        return inventory.arrays.containsKey(name);
    }

    /** Eradicates destroyed volumes and pods whose eradication delay has passed. Cheap when nothing is due. */
    public synchronized void sweep() {
        eradication.sweep(volumes::removeVolume, pods::removePod);
    }

    /** Milliseconds until eradication for an object destroyed at {@code destroyedAt}. */
    public long timeRemaining(long destroyedAt) {
        return eradication.timeRemaining(destroyedAt);
    }

    // ------------------------------------------------------------------ volumes

    /** Volumes visible on an array (its own and those of its pods), in creation order. */
    public synchronized List<Volume> volumes(String arrayName) {
        return inventory.volumes(arrayName);
    }

    public synchronized Volume volume(String arrayName, String fullName) {
        return inventory.volume(arrayName, fullName);
    }

    public synchronized Volume volumeById(String arrayName, String id) {
        return inventory.volumeById(arrayName, id);
    }

    public synchronized Volume createVolume(String arrayName, String fullName, Long provisioned,
                                            Change<Long> bandwidthLimit, Change<Long> iopsLimit) {
        return volumes.createVolume(arrayName, fullName, provisioned, bandwidthLimit, iopsLimit);
    }

    public synchronized Volume updateVolume(String arrayName, Volume v, VolumeUpdate u, boolean truncate) {
        return volumes.updateVolume(arrayName, v, u, truncate);
    }

    /**
     * Creates {@code fullName} as a copy of {@code source} (its size unless {@code provisioned} is given, and its
     * written bytes); with {@code overwrite} an existing live volume takes the source's size and content.
     */
    public synchronized Volume cloneVolume(String arrayName, String fullName, Volume source, Long provisioned, boolean overwrite) {
        return volumes.cloneVolume(arrayName, fullName, source, provisioned, overwrite);
    }

    public synchronized void eradicateVolume(String arrayName, Volume v) {
        volumes.eradicateVolume(arrayName, v);
    }

    /** Admin: how many bytes a volume holds. */
    public synchronized void setWritten(String arrayName, String volumeName, long bytes) {
        volumes.setWritten(arrayName, volumeName, bytes);
    }

    // ------------------------------------------------------------------ hosts

    public synchronized List<Host> hosts(String arrayName) {
        return hosts.hosts(arrayName);
    }

    public synchronized Host host(String arrayName, String name) {
        return hosts.host(arrayName, name);
    }

    public synchronized Host createHost(String arrayName, String name, HostSpec spec) {
        return hosts.createHost(arrayName, name, spec);
    }

    public synchronized Host updateHost(String arrayName, Host h, HostSpec spec) {
        return hosts.updateHost(arrayName, h, spec);
    }

    public synchronized void deleteHost(String arrayName, Host h) {
        hosts.deleteHost(arrayName, h);
    }

    /** WWNs are shown upper case without colons; input may have colons and any case. */
    public static String normaliseWwn(String s) {
        return Initiators.normaliseWwn(s);
    }

    // ------------------------------------------------------------------ host groups

    public synchronized List<HostGroup> hostGroups(String arrayName) {
        return hostGroups.hostGroups(arrayName);
    }

    public synchronized HostGroup hostGroup(String arrayName, String name) {
        return hostGroups.hostGroup(arrayName, name);
    }

    public synchronized HostGroup createHostGroup(String arrayName, String name) {
        return hostGroups.createHostGroup(arrayName, name);
    }

    public synchronized HostGroup renameHostGroup(String arrayName, HostGroup g, String newName) {
        return hostGroups.renameHostGroup(arrayName, g, newName);
    }

    public synchronized void deleteHostGroup(String arrayName, HostGroup g) {
        hostGroups.deleteHostGroup(arrayName, g);
    }

    public synchronized void addHostsToGroup(String arrayName, HostGroup g, List<Host> hosts) {
        hostGroups.addHostsToGroup(arrayName, g, hosts);
    }

    public synchronized void removeHostsFromGroup(String arrayName, HostGroup g, List<Host> hosts) {
        hostGroups.removeHostsFromGroup(arrayName, g, hosts);
    }

    // ------------------------------------------------------------------ connections

    public synchronized List<Connection> connections(String arrayName) {
        return connections.connections(arrayName);
    }

    public synchronized Connection connectHost(String arrayName, Host h, Volume v, Integer lun) {
        return connections.connectHost(arrayName, h, v, lun);
    }

    public synchronized Connection connectHostGroup(String arrayName, HostGroup g, Volume v, Integer lun) {
        return connections.connectHostGroup(arrayName, g, v, lun);
    }

    public synchronized void disconnectHost(String arrayName, Host h, Volume v) {
        connections.disconnectHost(arrayName, h, v);
    }

    public synchronized void disconnectHostGroup(String arrayName, HostGroup g, Volume v) {
        connections.disconnectHostGroup(arrayName, g, v);
    }

    /**
     * Admin: removes a connection "by hand". A private connection of the host goes; if the host sees the volume
     * only through its host group, that group connection goes (for every member).
     */
    public synchronized void adminDisconnect(String arrayName, String hostName, String volumeName) {
        connections.adminDisconnect(arrayName, hostName, volumeName);
    }

    /** The connection history, filtered (nulls match all), strictly ordered by seq. */
    public synchronized List<ConnectionEvent> connectionHistory(String arrayName, String host, String volume, long afterSeq) {
        return history.query(arrayName, host, volume, afterSeq);
    }

    // ------------------------------------------------------------------ realms

    public synchronized List<Realm> realms(String arrayName) {
        return realms.realms(arrayName);
    }

    public synchronized Realm realm(String arrayName, String name) {
        return realms.realm(arrayName, name);
    }

    /** Pods of a realm on an array. */
    public synchronized List<Pod> podsOfRealm(String arrayName, Realm r) {
        return realms.podsOfRealm(arrayName, r);
    }

    // ------------------------------------------------------------------ pods

    public synchronized List<Pod> pods(String arrayName) {
        return pods.pods(arrayName);
    }

    public synchronized Pod pod(String arrayName, String name) {
        return pods.pod(arrayName, name);
    }

    public synchronized Pod podById(String arrayName, String id) {
        return pods.podById(arrayName, id);
    }

    public synchronized Pod createPod(String arrayName, String fullName, List<String> failoverPreferences, Long quotaLimit) {
        return pods.createPod(arrayName, fullName, failoverPreferences, quotaLimit);
    }

    public synchronized Pod updatePod(String arrayName, Pod pod, PodUpdate u, boolean destroyContents) {
        return pods.updatePod(arrayName, pod, u, destroyContents);
    }

    public synchronized void eradicatePod(String arrayName, Pod pod, boolean eradicateContents) {
        pods.eradicatePod(arrayName, pod, eradicateContents);
    }

    /** Stretches a pod from {@code arrayName} to {@code targetName}: needs a replication link that is up. */
    public synchronized Pod stretchPod(String arrayName, Pod pod, String targetName) {
        return pods.stretchPod(arrayName, pod, targetName);
    }

    /**
     * Removes {@code memberName} from a stretched pod. The removed array keeps a destroyed copy of the pod
     * (and its volumes) until it is eradicated.
     */
    public synchronized Pod unstretchPod(String arrayName, Pod pod, String memberName) {
        return pods.unstretchPod(arrayName, pod, memberName);
    }

    // ------------------------------------------------------------------ ActiveCluster

    /** The pod's {@code arrays[]} as {@code viewer} reports them. */
    public synchronized List<PodStatus> podStatuses(Pod pod, String viewerName) {
        return activeCluster.podStatuses(pod, viewerName);
    }

    // ------------------------------------------------------------------ admin: faults of the world

    /** Admin: cuts a replication link (optionally changing Mediator reachability in the same instant); pods race. */
    public synchronized void cutLink(String a, String b, Boolean mediatorReachable) {
        links.cut(a, b, mediatorReachable);
        activeCluster.reevaluate();
    }

    /** Admin: restores a replication link; offline members start to resync. */
    public synchronized void restoreLink(String a, String b) {
        links.restore(a, b);
        activeCluster.reevaluate();
    }

    /** Admin: an array down counts as cut links for its pods; up again, they resync. */
    public synchronized void setArrayUp(String name, boolean up) {
        inventory.array(name).up = up;
        activeCluster.reevaluate();
    }

    /** Sets Mediator reachability for the named arrays (all when null or empty). */
    public synchronized void setMediatorReachable(Collection<String> names, boolean reachable) {
        activeCluster.setMediatorReachable(names, reachable);
    }

    public synchronized FleetState state(ToIntFunction<String> portOf) {
        return activeCluster.state(portOf);
    }

    // ------------------------------------------------------------------ snapshots for assertions

    public synchronized List<Snapshots.VolumeInfo> volumeInfos(String arrayName) {
        return snapshots.volumeInfos(arrayName);
    }

    public synchronized List<Snapshots.ConnectionInfo> connectionInfos(String arrayName) {
        return snapshots.connectionInfos(arrayName);
    }

    public synchronized List<Snapshots.HostInfo> hostInfos(String arrayName) {
        return snapshots.hostInfos(arrayName);
    }

    public synchronized List<Snapshots.HostGroupInfo> hostGroupInfos(String arrayName) {
        return snapshots.hostGroupInfos(arrayName);
    }

    public synchronized List<Snapshots.PodInfo> podInfos(String arrayName) {
        return snapshots.podInfos(arrayName);
    }

    /** The pod as {@code arrayName} sees it, or null. */
    public synchronized Snapshots.PodInfo podInfo(String arrayName, String podName) {
        return snapshots.podInfo(arrayName, podName);
    }

    // ------------------------------------------------------------------ space

    /** Sum of written bytes of the volumes stored on an array (live and destroyed). */
    public synchronized long usedBytes(String arrayName) {
        return space.usedBytes(arrayName);
    }

    public synchronized long provisionedBytes(String arrayName) {
        return space.provisionedBytes(arrayName);
    }
}
