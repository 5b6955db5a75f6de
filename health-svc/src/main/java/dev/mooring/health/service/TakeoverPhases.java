package dev.mooring.health.service;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.health.domain.NodeRole;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.TakeoverRecord;
import dev.mooring.health.repository.TakeoverRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.messaging.PoisonEventException;
import dev.mooring.kit.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Follows a decided takeover through the phases attach-svc and provisioner-svc report on {@code mooring.nodes},
 * recording when each happened (the event's occurredAt). {@code NodeIdentityTransferred} completes it: the
 * replacement is now the storage node, the failed node storageless, and {@code NodeTakeoverCompleted} is
 * emitted once — in the transaction that claims the event and sets the completion time. A takeover id that is not
 * a UUID was never one of health-svc's: such an event is poison (dead-lettered).
 */
@ApplicationScoped
public class TakeoverPhases {

    static final String HANDLER = "takeover-phases";
    private static final Logger LOG = Logger.getLogger(TakeoverPhases.class);

    @Inject
    TakeoverRepository takeovers;

    @Inject
    NodeHealthRepository nodes;

    @Inject
    Intake intake;

    @Inject
    Outbox outbox;

    @Inject
    NodeEvents events;

    @Inject
    Clock clock;

    @Inject
    TakeoverMeters meters;

    public Uni<Void> fenced(NodeFenced e) {
        return phase(e, e.getTakeoverId(), t -> {
            t.fencedAt = at(e.getEnvelope());
            if (t.drivesMovedAt == null && t.completedAt == null) {
                t.status = TakeoverRecord.Status.Fenced.name();
            }
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> fencingFailed(NodeFencingFailed e) {
        return phase(e, e.getTakeoverId(), t -> {
            t.fencingFailedAt = at(e.getEnvelope());
            t.fencingFailureReason = e.getFailure().getReason();
            if (t.fencedAt == null) {
                t.status = TakeoverRecord.Status.FencingFailed.name();
            }
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> drivesMoved(DrivesMoved e) {
        return phase(e, e.getTakeoverId(), t -> {
            t.drivesMovedAt = at(e.getEnvelope());
            if (t.completedAt == null) {
                t.status = TakeoverRecord.Status.DrivesMoved.name();
            }
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> identityTransferred(NodeIdentityTransferred e) {
        return phase(e, e.getTakeoverId(), t -> {
            t.identityTransferredAt = at(e.getEnvelope());
            return swapRoles(e).chain(() -> {
                if (t.completedAt != null) {
                    return Uni.createFrom().voidItem();
                }
                t.completedAt = Times.stored(clock.instant());
                t.status = TakeoverRecord.Status.Completed.name();
                LOG.infof("node=%s takeover=%s completed: %s holds its drives and identity", t.failedNode, t.id,
                        t.replacementNode);
                return outbox.record(events.completed(e.getEnvelope(), t.id, t.failedNode,
                        t.replacementNode != null ? t.replacementNode : e.getReplacementNode(),
                        Times.instant(t.decidedAt != null ? t.decidedAt : t.completedAt),
                        Times.instant(t.completedAt)));
            });
        });
    }

    /** The failed node is storageless from now on; the replacement is the storage node with the pool. */
    private Uni<Void> swapRoles(NodeIdentityTransferred e) {
        return nodes.lock(e.getFailedNode()).chain(failed -> {
            if (failed != null) {
                failed.role = NodeRole.storageless.name();
                failed.poolId = null;
            }
            return nodes.lock(e.getReplacementNode());
        }).invoke(replacement -> {
            if (replacement != null) {
                replacement.role = NodeRole.storage.name();
                replacement.poolId = e.getPoolId();
            }
        }).replaceWithVoid();
    }

    private Uni<Void> phase(SpecificRecord event, String takeoverId,
                            Function<TakeoverRecord, Uni<Void>> change) {
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        String type = EventCatalog.typeName(event);
        UUID id;
        try {
            id = UUID.fromString(takeoverId);
        } catch (IllegalArgumentException notUuid) {
            return Uni.createFrom().failure(new PoisonEventException(type + " names takeover '" + takeoverId
                    + "', which is not a takeover id (a UUID that health-svc decided)"));
        }
        AtomicReference<TakeoverRecord> changed = new AtomicReference<>();
        return intake.once(HANDLER, envelope, () -> takeovers.lock(id).chain(t -> {
            if (t == null) {
                LOG.warnf("key=%s %s for takeover %s, which health-svc did not decide; ignored",
                        envelope.getKey(), type, id);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("node=%s takeover=%s %s at %s", t.failedNode, id, type, envelope.getOccurredAt());
            changed.set(t);
            return change.apply(t);
        })).invoke(ran -> {
            if (ran && changed.get() != null) {
                meters.reached(event, changed.get()); // timed once the phase is committed
            }
        }).replaceWithVoid();
    }

    private static OffsetDateTime at(EventEnvelope envelope) {
        return Times.stored(envelope.getOccurredAt());
    }
}
