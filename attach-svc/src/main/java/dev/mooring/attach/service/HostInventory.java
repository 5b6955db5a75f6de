package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.array.HostDeletion;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.HostInventoryRules;
import dev.mooring.attach.domain.HostInventoryRules.Judgement;
import dev.mooring.attach.kube.ClusterNodes;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeFenceRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeHostRepository;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Host;
import dev.mooring.kit.inventory.ArrayObject;
import dev.mooring.kit.inventory.Claim;
import dev.mooring.kit.inventory.Expected;
import dev.mooring.kit.inventory.InventorySource;
import dev.mooring.kit.inventory.Orphan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * attach-svc's part of the inventory: the host side of the arrays. Only hosts Mooring made or adopted for a node
 * ({@code node_host}: their names are node names, so the record, not the name, proves them Mooring's) and the private
 * connections on them are considered; {@link HostInventoryRules} decides. Clean-up deletes a host of a node that is
 * gone (never one with a connection) or disconnects a connection nothing wants — each under the node's
 * {@code node_fence} row held FOR UPDATE, as a fence holds it, so no connect to the node's hosts runs meanwhile, and
 * after the state is read again in that transaction.
 */
@ApplicationScoped
public class HostInventory implements InventorySource {

    private static final Logger LOG = Logger.getLogger(HostInventory.class);

    static final String HOST = "host";
    static final String CONNECTION = "connection";
    /** Between host and volume in a connection's name: never part of an array object name. */
    private static final String SEPARATOR = "/";

    /** The attachments the rules read: every one but the detached (finished) ones. */
    private static final List<AttachmentState> UNFINISHED = List.of(AttachmentState.Requested,
            AttachmentState.Attaching, AttachmentState.Attached, AttachmentState.Failed, AttachmentState.Detaching);

    @Inject
    ArraySteps steps;

    @Inject
    NodeHostRepository hosts;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    AttachmentRepository attachments;

    @Inject
    DriveRepository drives;

    @Inject
    LeftAloneNodes leftAlone;

    @Inject
    NodeFenceRepository fences;

    @Inject
    ClusterNodes nodes;

    /** Per array, the lower-case names of the hosts Mooring made or adopted, as the last state read recorded them. */
    private final Map<String, Set<String>> mooringHosts = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public List<String> kinds() {
        return List.of(HOST, CONNECTION);
    }

    /** The name of a connection as the orphan report shows it: {@code <host>/<volume>}. */
    public static String connectionName(String host, String volume) {
        return host + SEPARATOR + volume;
    }

    @Override
    public Uni<List<ArrayObject>> list(String array, FlashArrayClient client) {
        // Every unused host and every private connection; which hosts are Mooring's is read with the state after.
        return steps.hosts(array).chain(listed -> steps.connections(array)
                .map(connections -> objects(array, listed, connections)));
    }

    private static List<ArrayObject> objects(String array, List<Host> listed, List<Connection> connections) {
        List<ArrayObject> objects = new ArrayList<>();
        Set<String> connected = new HashSet<>();
        for (Connection c : connections) {
            if (c.hostName() == null || c.volumeName() == null) {
                continue;
            }
            connected.add(lower(c.hostName()));
            // Host-group connections are never Mooring's doing: left alone.
            if (c.hostGroupName() == null) {
                objects.add(ArrayObject.on(array, CONNECTION, connectionName(c.hostName(), c.volumeName()), false));
            }
        }
        for (Host h : listed) {
            if (!connected.contains(lower(h.name())) && h.hostGroupName() == null
                    && (h.connectionCount() == null || h.connectionCount() == 0)) {
                objects.add(ArrayObject.on(array, HOST, h.name(), false));
            }
        }
        return objects;
    }

    @Override
    public boolean ours(ArrayObject object) {
        Set<String> ours = mooringHosts.getOrDefault(lower(object.array()), Set.of());
        return switch (object.kind()) {
            case HOST -> ours.contains(lower(object.name()));
            case CONNECTION -> object.name().contains(SEPARATOR)
                    && ours.contains(lower(object.name().substring(0, object.name().indexOf(SEPARATOR))));
            default -> false;
        };
    }

    @Override
    public Uni<Expected> expected() {
        return nodes.names().chain(live -> Panache.withSession(() -> state(live))).map(rules -> {
            mooringHosts.clear();
            mooringHosts.putAll(rules.hostsByArray());
            return Expected.judgedBy(object -> claim(judge(rules, object)), Map.of());
        });
    }

    @Override
    public Uni<Cleanup> cleanUp(Orphan orphan) {
        String array = orphan.arrays().get(0);
        if (HOST.equals(orphan.kind())) {
            return deleteHost(array, orphan.name());
        }
        int split = orphan.name().indexOf(SEPARATOR);
        return disconnect(array, orphan.name().substring(0, split), orphan.name().substring(split + 1));
    }

    /** Deletes the host of a gone node, when the state read again under the node's fence row still says so. */
    private Uni<Cleanup> deleteHost(String array, String host) {
        return Panache.withTransaction(() -> recordOf(array, host).chain(record -> {
            if (record == null) {
                return Uni.createFrom().item(notAnOrphan("host " + host + " on " + array + " is no longer recorded"
                        + " as Mooring's"));
            }
            String node = record.nodeName;
            return fences.lock(node, true)
                    .chain(() -> nodes.exists(node))
                    .chain(exists -> state(Optional.of(exists ? Set.of(node) : Set.of())))
                    .chain(rules -> {
                        Judgement now = rules.host(array, host);
                        if (!now.orphan()) {
                            return Uni.createFrom().item(notAnOrphan("host " + host + " of node " + node
                                    + " is wanted again"));
                        }
                        return steps.deleteHost(array, host).chain(deletion -> switch (deletion) {
                            case inUse -> Uni.createFrom().<Cleanup>item(new Cleanup.Failed("HostInUse", "Host "
                                    + host + " on " + array + " has a connection (or a host group) now: not deleted"));
                            case deleted, gone -> hosts.delete(record).replaceWith((Cleanup) new Cleanup.Done(
                                    deletion == HostDeletion.deleted ? "Deleted" : "AlreadyGone",
                                    "Host " + host + " of node " + node + " (no longer in the cluster, no connection)"
                                            + (deletion == HostDeletion.deleted ? " deleted from " : " was already gone"
                                            + " from ") + array + "; a node of that name that comes back gets it"
                                            + " made again."));
                        });
                    });
        })).onFailure(ArrayStepException.class).recoverWithItem(HostInventory::failed);
    }

    /** Disconnects a connection nothing wants, when the state read again under the node's fence row still says so. */
    private Uni<Cleanup> disconnect(String array, String host, String volume) {
        return Panache.withTransaction(() -> recordOf(array, host).chain(record -> {
            if (record == null) {
                return Uni.createFrom().item(notAnOrphan("host " + host + " on " + array + " is no longer recorded"
                        + " as Mooring's"));
            }
            String node = record.nodeName;
            // FOR UPDATE, as the fence takes it: no connect to this node's hosts runs until this disconnect is done.
            return fences.lock(node, true)
                    .chain(() -> state(Optional.empty()))
                    .chain(rules -> {
                        Judgement now = rules.connection(array, host, volume);
                        if (!now.orphan()) {
                            return Uni.createFrom().item(notAnOrphan("volume " + volume + " on host " + host
                                    + " is wanted again"));
                        }
                        return steps.disconnect(array, host, volume).map(removed -> (Cleanup) new Cleanup.Done(
                                removed ? "Disconnected" : "AlreadyGone", "Volume " + volume + " "
                                        + (removed ? "disconnected from" : "was no longer connected to") + " host "
                                        + host + " of node " + node + " on " + array + ": " + now.message() + "."));
                    });
        })).onFailure(ArrayStepException.class).recoverWithItem(HostInventory::failed);
    }

    /** attach-svc's state as the rules read it, in the caller's session. */
    private Uni<HostInventoryRules> state(Optional<Set<String>> live) {
        return hosts.listAll().chain(hostRows -> volumes.listAll().chain(volumeRows -> attachments
                .inStates(UNFINISHED).chain(attachmentRows -> drives.all().chain(driveRows -> leftAlone.now()
                        .map(alone -> HostInventoryRules.of(new HostInventoryRules.State(
                                hostRows.stream().map(h -> new HostInventoryRules.MooringHost(h.arrayName,
                                        h.hostName, h.nodeName)).toList(),
                                volumeRows.stream().map(v -> new HostInventoryRules.KnownVolume(v.volumeId,
                                        v.arrayVolumeName, v.arrayList())).toList(),
                                attachmentRows.stream().map(a -> new HostInventoryRules.AttachmentFact(a.volumeId,
                                        a.nodeName, a.state)).toList(),
                                driveRows.stream().map(d -> new HostInventoryRules.DriveFact(d.driveName,
                                        d.arrayName, d.nodeName, d.hostName, d.state)).toList(),
                                alone, live)))))));
    }

    private Uni<NodeHost> recordOf(String array, String host) {
        return hosts.onArray(array).map(records -> records.stream()
                .filter(h -> h.hostName.equalsIgnoreCase(host)).findFirst().orElse(null));
    }

    private static Judgement judge(HostInventoryRules rules, ArrayObject object) {
        if (HOST.equals(object.kind())) {
            return rules.host(object.array(), object.name());
        }
        int split = object.name().indexOf(SEPARATOR);
        return rules.connection(object.array(), object.name().substring(0, split), object.name().substring(split + 1));
    }

    private static Claim claim(Judgement judgement) {
        return switch (judgement.verdict()) {
            case WANTED -> Claim.wanted();
            case IN_FLIGHT -> Claim.inFlight(judgement.message());
            case ORPHAN -> Claim.released(judgement.reason(), judgement.message());
            case UNPROVEN -> Claim.unproven(judgement.reason(), judgement.message());
        };
    }

    /** The state claims it again, read in the clean-up's own transaction: nothing done; the next run resolves it. */
    private static Cleanup notAnOrphan(String why) {
        LOG.infof("inventory=hosts clean-up not made: %s", why);
        return new Cleanup.Failed("NoLongerAnOrphan", why + "; nothing was done");
    }

    private static Cleanup failed(Throwable failure) {
        ArrayStepException e = (ArrayStepException) failure;
        return new Cleanup.Failed(e.reason().name(), e.getMessage());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
