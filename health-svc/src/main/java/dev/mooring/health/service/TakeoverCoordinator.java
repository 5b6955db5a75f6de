package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.Candidate;
import dev.mooring.health.domain.LivenessChange;
import dev.mooring.health.domain.NodeLiveness;
import dev.mooring.health.domain.NodeRole;
import dev.mooring.health.domain.NodeState;
import dev.mooring.health.domain.ReplacementChoice;
import dev.mooring.health.repository.NodeHealthRecord;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.TakeoverRecord;
import dev.mooring.health.repository.TakeoverRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The two-minute decision, inside the transaction that holds the failed node's row lock: a storage node past
 * its deadline gets a replacement ({@code NodeTakeoverDecided}) or stays pending ({@code NodeTakeoverBlocked},
 * once per reason; retried on a candidate's arrival and every blocked-retry interval). The takeover row's id is
 * the outage id, and a replacement in flight is unique in the database, so neither a second decision for one
 * outage nor two takeovers onto one replacement can commit, whatever number of instances race. The stored takeover
 * gate is read under a shared lock in the same transaction: no decision commits while a pause is stored.
 */
@ApplicationScoped
public class TakeoverCoordinator {

    private static final Logger LOG = Logger.getLogger(TakeoverCoordinator.class);

    @Inject
    NodeHealthRepository nodes;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    Outbox outbox;

    @Inject
    NodeEvents events;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    TakeoverPauses pauses;

    @Inject
    TakeoverMeters meters;

    /** Outages whose node's role was not known at the deadline: said once each, not at every retry. */
    private final Set<UUID> roleAwaited = ConcurrentHashMap.newKeySet();

    /** Decides for a node that is TakeoverPending in {@code liveness}; updates both and records the events. */
    Uni<Void> decide(NodeHealthRecord node, NodeLiveness liveness, LivenessChange.TakeoverDue due) {
        NodeRole role = NodeRole.parse(node.role);
        if (role == null) {
            // Not known yet is not storageless: the role may still be on its way (this service's consumer was late,
            // its partition held by a killed instance until the group moved it). Pending like a blocked takeover;
            // the role's arrival wakes it.
            liveness.takeoverBlocked();
            if (roleAwaited.add(liveness.outageId())) {
                LOG.warnf("node=%s past its takeover deadline but its storage role is not known yet: pending until it"
                        + " is", node.name);
            }
            return Uni.createFrom().voidItem();
        }
        roleAwaited.remove(liveness.outageId());
        if (role != NodeRole.storage) {
            liveness.takeoverNotNeeded();
            LOG.infof("node=%s past its takeover deadline but it is storageless: nothing to take over", node.name);
            return Uni.createFrom().voidItem();
        }
        UUID takeoverId = liveness.outageId();
        return pauses.storedMayDecide(clock.instant()).chain(open -> {
            if (!open) {
                // Paused by the stored gate since this instance last looked: stays pending, retried like a blocked
                // one (a heartbeat recovers it meanwhile).
                LOG.warnf("node=%s past its takeover deadline, but takeovers are paused: pending", node.name);
                return Uni.createFrom().voidItem();
            }
            return takeovers.ofNode(node.name).chain(earlier -> {
                if (earlier.stream().anyMatch(t -> t.inFlight() && !t.id.equals(takeoverId))) {
                    // Back after a decided takeover and down again before the identity moved: its drives are already
                    // on their way to the replacement; a second takeover would chase them.
                    liveness.takeoverNotNeeded();
                    LOG.infof("node=%s past its takeover deadline, but a takeover of it is still in flight", node.name);
                    return Uni.createFrom().voidItem();
                }
                return decideOnce(node, liveness, due, takeoverId);
            });
        });
    }

    private Uni<Void> decideOnce(NodeHealthRecord node, NodeLiveness liveness, LivenessChange.TakeoverDue due,
                                 UUID takeoverId) {
        return takeovers.lock(takeoverId).chain(existing -> {
            if (existing != null && existing.replacementNode != null) {
                // Decided in an earlier transaction that this node's row did not see: never decide twice.
                liveness.takeoverDecided();
                return Uni.createFrom().voidItem();
            }
            return nodes.storagelessIn(node.zone).chain(sameZone -> takeovers.replacementsInFlight().chain(chosen -> {
                List<Candidate> candidates = sameZone.stream().map(TakeoverCoordinator::candidate).toList();
                ReplacementChoice.Outcome outcome = ReplacementChoice.choose(node.name, node.region, node.zone,
                        candidates, chosen);
                TakeoverRecord t = existing != null ? existing : newTakeover(node, takeoverId, due);
                Instant now = clock.instant();
                if (outcome.chosen()) {
                    return decided(node, liveness, t, existing == null, outcome.replacement(), now, due);
                }
                return blocked(node, liveness, t, existing == null, outcome, now);
            }));
        });
    }

    private Uni<Void> decided(NodeHealthRecord node, NodeLiveness liveness, TakeoverRecord t, boolean isNew,
                              String replacement, Instant now, LivenessChange.TakeoverDue due) {
        var event = events.decided(node.name, t.id, replacement, node.region, node.zone, due.lastHeartbeatAt(),
                due.deadlineAt());
        t.replacementNode = replacement;
        t.status = TakeoverRecord.Status.Decided.name();
        t.decidedAt = Times.stored(event.getEnvelope().getOccurredAt()); // the phase's time is its event's time
        meters.decided(t);
        liveness.takeoverDecided();
        LOG.infof("node=%s takeover=%s decided: %s (zone %s) takes over its drives and identity", node.name, t.id,
                replacement, node.zone);
        Notice notice = new Notice(Subject.node(node.name, null), KubeEvents.WARNING, "TakeoverDecided", "Node "
                + node.name + " stayed away past its takeover deadline (" + due.deadlineAt() + "): " + replacement
                + " (zone " + node.zone + ") takes over its drives and storage identity after it is fenced; when "
                + node.name + " returns it is storageless", t.id.toString());
        return (isNew ? t.persist() : Uni.createFrom().item(t))
                .chain(() -> Panache.getSession().chain(s -> s.flush())) // the uniqueness of the replacement, now
                .chain(() -> kubeEvents.record(notice))
                .chain(() -> outbox.record(event));
    }

    private Uni<Void> blocked(NodeHealthRecord node, NodeLiveness liveness, TakeoverRecord t, boolean isNew,
                              ReplacementChoice.Outcome outcome, Instant now) {
        liveness.takeoverBlocked();
        boolean sameReason = outcome.reason().equals(t.blockedReason);
        t.status = TakeoverRecord.Status.Blocked.name();
        t.blockedReason = outcome.reason();
        t.blockedMessage = outcome.message();
        if (!sameReason) {
            t.blockedAt = Times.stored(now);
            LOG.warnf("node=%s takeover=%s blocked (%s): %s", node.name, t.id, outcome.reason(), outcome.message());
        }
        Uni<?> saved = isNew ? t.persist() : Uni.createFrom().item(t);
        if (sameReason) {
            return saved.replaceWithVoid();
        }
        // One Event per takeover and reason: a new reason is a new occurrence, a retry with the same one is none.
        Notice notice = new Notice(Subject.node(node.name, null), KubeEvents.WARNING, "TakeoverBlocked", "Node "
                + node.name + " should be taken over but " + outcome.message() + " (" + outcome.reason() + ")",
                t.id + "\n" + outcome.reason());
        return saved.chain(() -> kubeEvents.record(notice))
                .chain(() -> outbox.record(events.blocked(node.name, t.id, node.zone, outcome.reason(),
                        outcome.message())));
    }

    private TakeoverRecord newTakeover(NodeHealthRecord node, UUID id, LivenessChange.TakeoverDue due) {
        TakeoverRecord t = new TakeoverRecord();
        t.id = id;
        t.failedNode = node.name;
        t.region = node.region;
        t.zone = node.zone;
        t.lastHeartbeatAt = Times.stored(due.lastHeartbeatAt());
        t.deadlineAt = Times.stored(due.deadlineAt());
        t.signals = node.decisionSignals;
        t.createdAt = Times.stored(clock.instant());
        return t;
    }

    /** A blocked takeover whose node came back: it is no longer wanted. */
    Uni<Void> abandon(UUID outageId, Instant now) {
        if (outageId == null) {
            return Uni.createFrom().voidItem();
        }
        return takeovers.lock(outageId).invoke(t -> {
            if (t != null && t.replacementNode == null && t.abandonedAt == null) {
                t.abandonedAt = Times.stored(now);
                t.status = TakeoverRecord.Status.Abandoned.name();
            }
        }).replaceWithVoid();
    }

    private static Candidate candidate(NodeHealthRecord r) {
        return new Candidate(r.name, NodeRole.parse(r.role), NodeState.valueOf(r.state), r.region, r.zone,
                r.initiatorsKnown && !r.removed, Times.instant(r.onlineSince));
    }
}
