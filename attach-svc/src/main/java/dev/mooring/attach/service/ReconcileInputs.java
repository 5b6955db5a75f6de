package dev.mooring.attach.service;

import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.ConnectionReconciliation;
import dev.mooring.attach.domain.ConnectionReconciliation.OwnedHost;
import dev.mooring.attach.domain.ConnectionReconciliation.OwnedVolume;
import dev.mooring.attach.domain.ConnectionReconciliation.Present;
import dev.mooring.attach.domain.ConnectionReconciliation.VolumeOnNode;
import dev.mooring.attach.domain.ConnectionReconciliation.Wanted;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeHostRepository;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What a reconciliation pass decides from: every registered array's connections, read first, and attach-svc's own
 * state, read second (so a connection made meanwhile is already known as wanted or in flight).
 */
@ApplicationScoped
public class ReconcileInputs {

    private static final Logger LOG = Logger.getLogger(ReconcileInputs.class);

    /** Drive repairs carry this prefix before the drive's id in {@code Repair.volumeId}. */
    static final String DRIVE = "drive:";

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraySteps steps;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    NodeHostRepository hosts;

    @Inject
    AttachmentRepository attachments;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    DriveRepository drives;

    @Inject
    LeftAloneNodes leftAlone;

    /** One array's connections; null when the array could not be read this pass. */
    public record ArrayRead(String array, List<Connection> connections) {
    }

    /**
     * @param leftAlone nodes whose connections reconciliation neither restores nor removes: offline (waiting for
     *                  recovery or takeover) or the failed node of a takeover under way (fenced)
     */
    public record State(List<KnownVolume> volumes, List<NodeHost> hosts, List<Attachment> attached,
                        List<Attachment> inFlight, Map<String, NodeInitiatorsRecord> nodes, List<Drive> drives,
                        Set<String> leftAlone) {
    }

    /** Every registered array's connections, read side by side, in array name order. */
    public Uni<List<ArrayRead>> arrays() {
        List<String> arrays = directory.arrays().stream().filter(RegisteredArray::registered)
                .map(RegisteredArray::name).sorted().toList();
        List<Uni<ArrayRead>> reads = arrays.stream().map(array -> steps.connections(array)
                .map(cs -> new ArrayRead(array, cs))
                .onFailure().recoverWithItem(e -> {
                    LOG.infof("array=%s connections not read this pass: %s", array, e.getMessage());
                    return new ArrayRead(array, null);
                })).toList();
        return reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).andFailFast();
    }

    /** attach-svc's state, in a session of its own. */
    public Uni<State> state() {
        return Panache.withSession(() -> volumes.listAll().chain(vs -> hosts.listAll().chain(hs -> attachments
                .attached().chain(attached -> attachments.inFlight().chain(inFlight -> nodes.listAll()
                        .chain(ns -> leftAlone.now().chain(alone -> drives.inStates(List.of(DriveState.Attached))
                                .map(ds -> {
                                    Map<String, NodeInitiatorsRecord> byName = new HashMap<>();
                                    ns.forEach(n -> byName.put(n.nodeName, n));
                                    return new State(vs, hs, attached, inFlight, byName, ds, alone);
                                }))))))));
    }

    /** The snapshot {@link ConnectionReconciliation} plans from. */
    public static ConnectionReconciliation.Snapshot snapshot(List<ArrayRead> read, State state) {
        Set<String> arraysRead = new HashSet<>();
        List<Present> present = new ArrayList<>();
        for (ArrayRead r : read) {
            if (r.connections() == null) {
                continue;
            }
            arraysRead.add(r.array());
            for (Connection c : r.connections()) {
                if (c.hostName() != null && c.volumeName() != null) {
                    present.add(new Present(r.array(), c.hostName(), c.hostGroupName(), c.volumeName(), c.lun()));
                }
            }
        }
        Map<String, KnownVolume> byId = new HashMap<>();
        List<OwnedVolume> owned = new ArrayList<>();
        for (KnownVolume v : state.volumes()) {
            byId.put(v.volumeId, v);
            if (v.arrayVolumeName != null) {
                v.arrayList().forEach(a -> owned.add(new OwnedVolume(a, v.arrayVolumeName, v.volumeId)));
            }
        }
        Map<String, String> hostNames = new HashMap<>();
        List<OwnedHost> ownedHosts = new ArrayList<>();
        for (NodeHost h : state.hosts()) {
            hostNames.put(h.arrayName + "/" + h.nodeName, h.hostName);
            if (!state.leftAlone().contains(h.nodeName)) {
                // An offline node's host waits for its recovery; a fenced one's belongs to its takeover's fence.
                ownedHosts.add(new OwnedHost(h.arrayName, h.hostName, h.nodeName));
            }
        }
        List<Wanted> wanted = new ArrayList<>();
        Set<VolumeOnNode> inFlight = new HashSet<>();
        for (Attachment a : state.attached()) {
            KnownVolume v = byId.get(a.volumeId);
            if (v == null || v.arrayVolumeName == null || v.state != KnownVolumeState.Provisioned) {
                continue; // a deleted volume is not brought back to anybody
            }
            if (state.leftAlone().contains(a.nodeName)) {
                inFlight.add(new VolumeOnNode(a.volumeId, a.nodeName)); // neither restored nor removed
                continue;
            }
            for (String array : v.arrayList()) {
                String host = hostNames.getOrDefault(array + "/" + a.nodeName, FlashArrayNames.hostNameFor(a.nodeName));
                wanted.add(new Wanted(array, host, v.arrayVolumeName, a.volumeId, a.nodeName));
            }
        }
        // A drive is wanted on its owner's host while attached (never on a fenced or offline node's host).
        for (Drive d : state.drives()) {
            if (d.state == DriveState.Attached && d.hostName != null && !state.leftAlone().contains(d.nodeName)) {
                wanted.add(new Wanted(d.arrayName, d.hostName, d.driveName, DRIVE + d.id, d.nodeName));
            }
        }
        state.inFlight().forEach(a -> inFlight.add(new VolumeOnNode(a.volumeId, a.nodeName)));
        return new ConnectionReconciliation.Snapshot(arraysRead, wanted, present, owned, ownedHosts, inFlight);
    }

}
