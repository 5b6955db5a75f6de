package dev.mooring.attach.service;

import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.ConnectionReconciliation.Action;
import dev.mooring.attach.domain.ConnectionReconciliation.Repair;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Makes one repair that reconciliation planned — a wanted connection restored, an unwanted one removed — checked
 * against a fresh read just before, under the node's fence epoch ({@link NodeFences}), so that a fence recorded
 * meanwhile is seen (and nothing is restored to a fenced host) or waits until the repair is done.
 */
@ApplicationScoped
public class RepairConnection {

    @Inject
    NodeFences fences;

    @Inject
    AttachmentRepository attachments;

    @Inject
    DriveRepository drives;

    @Inject
    LeftAloneNodes leftAlone;

    @Inject
    ArraySteps steps;

    @Inject
    RecordRepair record;

    /** Makes the repair; true when it changed the array. */
    public Uni<Boolean> repair(Repair r, ReconcileInputs.State state, String passId) {
        // Under the node's fence epoch: a fenced node's host gets nothing back, and a fence waits for this repair.
        return fences.whileUnfenced(r.node(), epoch -> r.volumeId().startsWith(ReconcileInputs.DRIVE)
                ? repairDrive(r, passId, epoch) : repairAttachment(r, state, passId, epoch),
                fenced -> Uni.createFrom().item(false));
    }

    private Uni<Boolean> repairAttachment(Repair r, ReconcileInputs.State state, String passId, long epoch) {
        return Panache.withSession(() -> attachments.current(r.volumeId(), r.node()).chain(current -> leftAlone.now()
                .map(alone -> alone.contains(r.node()) ? List.<Attachment>of() : current))).chain(current -> {
            if (current.isEmpty() && r.action() == Action.restored) {
                return Uni.createFrom().item(false); // fenced or offline since the snapshot: never reconnected
            }
            boolean wanted = current.stream().anyMatch(a -> a.state == AttachmentState.Attached);
            boolean inFlight = current.stream().anyMatch(a -> a.state.inFlight());
            if (inFlight || wanted != (r.action() == Action.restored)) {
                return Uni.createFrom().item(false); // changed since the snapshot: leave it to the next pass
            }
            if (r.action() == Action.removed) {
                return steps.disconnect(r.array(), r.host(), r.volume()).call(removed -> removed
                        ? record.volume(r, null, passId, List.of()) : Uni.createFrom().voidItem());
            }
            NodeInitiatorsRecord node = state.nodes().get(r.node());
            NodeInitiators initiators = node == null ? NodeInitiators.none() : node.effective();
            Uni<?> host = initiators.isEmpty() ? Uni.createFrom().voidItem()
                    : steps.ensureHost(r.array(), r.host(), r.node(), initiators, true);
            return host.chain(() -> steps.connect(r.array(), r.host(), r.volume()))
                    .call(c -> fences.connected(r.node(), epoch, r.array(), r.host(), r.volume())).chain(c -> !c.made()
                    ? Uni.createFrom().item(false)
                    : record.volume(r, c.lun(), passId, current.stream()
                            .filter(a -> a.state == AttachmentState.Attached).toList()).replaceWith(true));
        });
    }

    /**
     * Restores a drive's connection to its owner's host, checked against a fresh read just before: still attached,
     * still the same owner, the owner neither offline nor fenced. Drive connections are never removed here.
     */
    private Uni<Boolean> repairDrive(Repair r, String passId, long epoch) {
        String id = r.volumeId().substring(ReconcileInputs.DRIVE.length());
        return Panache.withSession(() -> drives.findById(id).chain(d -> leftAlone.now().map(alone -> d != null
                && d.state == DriveState.Attached && d.nodeName.equals(r.node()) && r.host().equalsIgnoreCase(d.hostName)
                && !alone.contains(r.node())))).chain(still -> {
            if (!still || r.action() != Action.restored) {
                return Uni.createFrom().item(false);
            }
            return steps.connect(r.array(), r.host(), r.volume())
                    .call(c -> fences.connected(r.node(), epoch, r.array(), r.host(), r.volume())).chain(c -> !c.made()
                    ? Uni.createFrom().item(false)
                    : record.drive(r, id, c.lun(), passId).replaceWith(true));
        });
    }
}
