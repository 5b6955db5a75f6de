package dev.mooring.attach.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What attach-svc's state says of the host-side objects it finds on an array — for the inventory reconciler. Only a
 * host Mooring made or adopted for a node ({@code node_host}) is considered at all, with the connections on it:
 * <ul>
 *   <li>A <b>host</b> (listed only when it has no connection) is an orphan when its node is no longer a Node of the
 *       cluster and nothing of attach-svc still uses the node (no attachment in any state but {@code Failed} or
 *       {@code Detached}, no drive). Never when the cluster's Nodes could not be read, nor for a node that is
 *       offline or under an unfinished takeover (its fence owns its hosts; a fenced host of a live node stays).</li>
 *   <li>A private <b>connection</b> on such a host is an orphan when no attachment or drive wants it: not an
 *       {@code Attached} attachment of that volume on the host's node, nor an attached drive of that node on that
 *       host. One being made or removed (attachment requested, attaching or detaching; drive pending or moving) and
 *       any connection of an offline or fenced node are in flight: never touched.</li>
 * </ul>
 * Names compare ignoring case, as FlashArray compares them. Plain Java: the service reads the state, this decides.
 */
public final class HostInventoryRules {

    /** The three answers. */
    /** {@code UNPROVEN}: unwanted, but nothing proves it Mooring's: reported, never cleaned up. */
    public enum Verdict { WANTED, IN_FLIGHT, ORPHAN, UNPROVEN }

    /** A verdict with, for an orphan or an object in flight, the reason (CamelCase) and a sentence. */
    public record Judgement(Verdict verdict, String reason, String message) {

        static Judgement wanted() {
            return new Judgement(Verdict.WANTED, null, null);
        }

        static Judgement inFlight(String message) {
            return new Judgement(Verdict.IN_FLIGHT, "InFlight", message);
        }

        static Judgement orphan(String reason, String message) {
            return new Judgement(Verdict.ORPHAN, reason, message);
        }

        static Judgement unproven(String reason, String message) {
            return new Judgement(Verdict.UNPROVEN, reason, message);
        }

        /** An orphan the reconciler may clean up: provably Mooring's and wanted by nothing. */
        public boolean orphan() {
            return verdict == Verdict.ORPHAN;
        }
    }

    /** A host Mooring made or adopted for {@code node} on {@code array}. */
    public record MooringHost(String array, String host, String node) {
    }

    /** A volume attach-svc knows, by its name on its arrays. */
    public record KnownVolume(String volumeId, String arrayVolumeName, List<String> arrays) {
    }

    /** An attachment of a volume on a node. */
    public record AttachmentFact(String volumeId, String node, AttachmentState state) {
    }

    /** A cloud drive: its name on its array, its owner, the host it is connected to (null before), its state. */
    public record DriveFact(String driveName, String array, String node, String host, DriveState state) {
    }

    /**
     * The state the rules judge by. {@code liveNodes}: the cluster's Nodes now, empty when they could not be read;
     * {@code leftAlone}: offline nodes and failed nodes of unfinished takeovers.
     */
    public record State(List<MooringHost> hosts, List<KnownVolume> volumes, List<AttachmentFact> attachments,
                        List<DriveFact> drives, Set<String> leftAlone, Optional<Set<String>> liveNodes) {
    }

    private final State state;
    private final Map<String, String> nodeOfHost = new HashMap<>();
    private final Map<String, KnownVolume> volumeByName = new HashMap<>();
    private final Map<String, DriveFact> driveByName = new HashMap<>();
    private final Set<String> busyNodes = new HashSet<>();

    private HostInventoryRules(State state) {
        this.state = state;
        state.hosts().forEach(h -> nodeOfHost.put(key(h.array(), h.host()), h.node()));
        state.volumes().forEach(v -> {
            if (v.arrayVolumeName() != null) {
                v.arrays().forEach(array -> volumeByName.put(key(array, v.arrayVolumeName()), v));
            }
        });
        state.drives().forEach(d -> {
            driveByName.put(key(d.array(), d.driveName()), d);
            busyNodes.add(d.node());
        });
        state.attachments().stream()
                .filter(a -> a.state() != AttachmentState.Detached && a.state() != AttachmentState.Failed)
                .forEach(a -> busyNodes.add(a.node()));
    }

    public static HostInventoryRules of(State state) {
        return new HostInventoryRules(state);
    }

    /** The node whose host {@code host} on {@code array} is, when Mooring made or adopted it. */
    public Optional<String> nodeOf(String array, String host) {
        return Optional.ofNullable(nodeOfHost.get(key(array, host)));
    }

    /** Per array (lower case), the lower-case names of the hosts Mooring made or adopted there. */
    public Map<String, Set<String>> hostsByArray() {
        Map<String, Set<String>> byArray = new HashMap<>();
        state.hosts().forEach(h -> byArray.computeIfAbsent(h.array().toLowerCase(Locale.ROOT), a -> new HashSet<>())
                .add(h.host().toLowerCase(Locale.ROOT)));
        return byArray;
    }

    /** A host (listed without any connection) on {@code array}. */
    public Judgement host(String array, String host) {
        Optional<String> owner = nodeOf(array, host);
        if (owner.isEmpty()) {
            return Judgement.wanted(); // not Mooring's: never touched
        }
        String node = owner.get();
        if (state.leftAlone().contains(node)) {
            return Judgement.inFlight("node " + node + " is offline or under takeover: its hosts are its fence's");
        }
        if (busyNodes.contains(node)) {
            return Judgement.wanted();
        }
        if (state.liveNodes().isEmpty()) {
            return Judgement.inFlight("the cluster's Nodes could not be read");
        }
        if (state.liveNodes().get().contains(node)) {
            return Judgement.wanted();
        }
        return Judgement.orphan("NodeGone", "it is the host of node " + node + ", which is no longer a Node of the"
                + " cluster, and it has no connection");
    }

    /** A private connection of {@code volume} to {@code host} on {@code array}. */
    public Judgement connection(String array, String host, String volume) {
        Optional<String> owner = nodeOf(array, host);
        if (owner.isEmpty()) {
            return Judgement.wanted(); // not on a Mooring host: never touched
        }
        String node = owner.get();
        if (state.leftAlone().contains(node)) {
            return Judgement.inFlight("node " + node + " is offline or under takeover: its connections are its"
                    + " recovery's or its fence's");
        }
        DriveFact drive = driveByName.get(key(array, volume));
        if (drive != null) {
            return drive(drive, host, node);
        }
        KnownVolume known = volumeByName.get(key(array, volume));
        if (known == null) {
            // Someone connected a volume Mooring does not know to the node's host (by hand, or a tool before
            // Mooring): it may be in use, so it is reported for an operator and never disconnected.
            return Judgement.unproven("UnknownVolume", "attach-svc knows no volume or drive named " + volume + " on "
                    + array + ", and it is connected to host " + host + " of node " + node
                    + "; not Mooring's to disconnect");
        }
        List<AttachmentFact> onNode = state.attachments().stream()
                .filter(a -> a.volumeId().equals(known.volumeId()) && a.node().equals(node)).toList();
        if (onNode.stream().anyMatch(a -> a.state() == AttachmentState.Attached)) {
            return Judgement.wanted();
        }
        if (onNode.stream().anyMatch(a -> a.state().inFlight())) {
            return Judgement.inFlight("an attach or detach of volume " + known.volumeId() + " on node " + node
                    + " is under way");
        }
        return Judgement.orphan("NoAttachment", "no attachment of volume " + known.volumeId() + " on node " + node
                + " wants it");
    }

    private static Judgement drive(DriveFact drive, String host, String node) {
        if (drive.node().equals(node)) {
            if (drive.state() == DriveState.Pending || drive.state() == DriveState.Moving) {
                return Judgement.inFlight("drive " + drive.driveName() + " is being connected to node " + node);
            }
            if (drive.state() == DriveState.Attached
                    && (drive.host() == null || drive.host().equalsIgnoreCase(host))) {
                return Judgement.wanted();
            }
        }
        return Judgement.orphan("NoDriveWantsIt", "drive " + drive.driveName() + " is " + drive.state()
                + " on node " + drive.node() + ", not wanted on host " + host + " of node " + node);
    }

    private static String key(String array, String name) {
        return array.toLowerCase(Locale.ROOT) + "\u0000" + name.toLowerCase(Locale.ROOT);
    }
}
