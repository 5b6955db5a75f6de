package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.ArrayConnection;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Phase 2 of a takeover: only a {@code Fenced} takeover connects the failed node's drives to the replacement's host,
 * each connection checked again under the replacement's fence epoch (NodeFences) just before it is made → {@code DrivesMoved},
 * {@code Moved}. A failure (e.g. the replacement's initiators not known yet) is recorded on the takeover and the
 * retry loop tries again.
 */
@ApplicationScoped
public class MoveDrives {

    private static final Logger LOG = Logger.getLogger(MoveDrives.class);

    @Inject
    TakeoverRepository takeovers;

    @Inject
    DriveRepository drives;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    HostConnector connector;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    Clock clock;

    private record Moved(String driveId, AttachmentPaths.Path path) {
    }

    /**
     * Connects the moved drives to the replacement's host; only ever after a confirmed fence.
     *
     * @param alongside what commits with the outcome (given whether the takeover moved on): the job's end
     * @return true when the takeover moved on to {@code Moved}
     */
    Uni<Boolean> run(Takeover t, Function<Boolean, Uni<Void>> alongside) {
        if (!t.phase.mayConnectReplacement()) {
            return Panache.withTransaction(() -> alongside.apply(false)).replaceWith(false);
        }
        return Panache.withSession(() -> drives.movedBy(t.takeoverId).chain(moved -> nodes.findById(t.replacementNode)
                .map(r -> Map.entry(moved, r == null ? NodeInitiators.none() : r.effective())))).chain(work -> {
                    List<Drive> moving = work.getKey().stream().filter(d -> d.state == DriveState.Moving).toList();
                    Uni<List<Moved>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Drive d : moving) {
                        chain = chain.chain(done -> connector.connect(d.arrayName, t.replacementNode, work.getValue(),
                                d.driveName, () -> stillMoving(t.takeoverId, d.id)).map(path -> {
                                    done.add(new Moved(d.id, path));
                                    return done;
                                }));
                    }
                    return chain;
                })
                .chain(done -> Panache.withTransaction(() -> takeovers.findById(t.takeoverId).chain(current -> {
                    if (current == null || current.phase != TakeoverPhase.Fenced) {
                        return Uni.createFrom().item(false);
                    }
                    Map<String, AttachmentPaths.Path> byDrive = new LinkedHashMap<>();
                    done.forEach(m -> byDrive.put(m.driveId(), m.path()));
                    return drives.movedBy(current.takeoverId).chain(moved -> {
                        List<ArrayConnection> connections = new ArrayList<>();
                        for (Drive d : moved) {
                            AttachmentPaths.Path path = byDrive.get(d.id);
                            if (path != null) {
                                d.state = DriveState.Attached;
                                d.hostName = path.host();
                                d.path = pathsJson.write(List.of(path));
                                d.updatedAt = OffsetDateTime.now(clock);
                            }
                            if (d.state == DriveState.Attached && d.nodeName.equals(current.replacementNode)) {
                                connections.add(PoolAndNodeEvents.connection(d.arrayName, d.hostName, d.driveName));
                            }
                        }
                        current.phase = TakeoverPhase.Moved;
                        current.lastFailure = null;
                        current.moved = FenceNode.writeConnections(connections);
                        current.movedAt = OffsetDateTime.now(clock);
                        current.updatedAt = current.movedAt;
                        LOG.infof("takeover=%s node=%s drives moved to %s: %d connection(s)", current.takeoverId,
                                current.failedNode, current.replacementNode, connections.size());
                        return outbox.record(events.drivesMoved(current, connections)).replaceWith(true);
                    });
                }).call(alongside::apply)))
                .onFailure().recoverWithUni(e -> Panache.withTransaction(() -> takeovers.findById(t.takeoverId)
                        .invoke(current -> {
                            if (current != null && current.phase == TakeoverPhase.Fenced) {
                                current.lastFailure = "Drives not connected to " + current.replacementNode + " yet: "
                                        + e.getMessage() + "; retrying";
                                current.updatedAt = OffsetDateTime.now(clock);
                                LOG.warnf("takeover=%s %s", current.takeoverId, current.lastFailure);
                            }
                        }).chain(() -> alongside.apply(false))).replaceWith(false));
    }

    /** Checked under the replacement's fence epoch just before each connection: the fence confirmed, the drive moving. */
    private Uni<Boolean> stillMoving(String takeoverId, String driveId) {
        return Panache.withSession(() -> takeovers.findById(takeoverId).chain(t -> drives.findById(driveId)
                .map(d -> t != null && t.phase.mayConnectReplacement() && d != null && d.state == DriveState.Moving
                        && d.nodeName.equals(t.replacementNode))));
    }
}
