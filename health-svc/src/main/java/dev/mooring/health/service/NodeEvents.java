package dev.mooring.health.service;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.health.domain.LivenessChange;
import dev.mooring.kit.outbox.EnvelopeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The liveness events health-svc emits. Every event of one outage carries the outage id as correlation id, so
 * one grep follows NodeOffline → NodeTakeoverDecided → NodeFenced → … → NodeTakeoverCompleted across services.
 */
@ApplicationScoped
public class NodeEvents {

    @Inject
    EnvelopeFactory envelopes;

    static String correlationOf(UUID outageId) {
        return "outage-" + outageId;
    }

    private EventEnvelope envelope(String node, UUID outageId) {
        return envelopes.caused(node, correlationOf(outageId));
    }

    NodeOffline offline(String node, LivenessChange.WentOffline o, List<String> signals) {
        return NodeOffline.newBuilder().setEnvelope(envelope(node, o.outageId())).setNodeName(node)
                .setLastHeartbeatAt(ms(o.lastHeartbeatAt())).setTakeoverDeadlineAt(ms(o.takeoverDeadlineAt()))
                .setSignals(signals).build();
    }

    NodeRecovered recovered(String node, LivenessChange.Recovered r, List<String> signals) {
        return NodeRecovered.newBuilder().setEnvelope(envelope(node, r.outageId())).setNodeName(node)
                .setLastHeartbeatAt(ms(r.lastHeartbeatAt())).setRecoveredAt(ms(r.recoveredAt()))
                .setOutageMillis(r.outage().toMillis()).setSignals(signals).build();
    }

    NodeTakeoverDecided decided(String node, UUID takeoverId, String replacement, String region, String zone,
                                Instant lastHeartbeatAt, Instant deadlineAt) {
        return NodeTakeoverDecided.newBuilder().setEnvelope(envelope(node, takeoverId))
                .setTakeoverId(takeoverId.toString()).setFailedNode(node).setReplacementNode(replacement)
                .setRegion(region).setZone(zone).setLastHeartbeatAt(ms(lastHeartbeatAt))
                .setDeadlineAt(ms(deadlineAt)).build();
    }

    NodeTakeoverBlocked blocked(String node, UUID takeoverId, String zone, String reason, String message) {
        return NodeTakeoverBlocked.newBuilder().setEnvelope(envelope(node, takeoverId))
                .setTakeoverId(takeoverId.toString()).setFailedNode(node).setZone(zone)
                .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(true).build())
                .build();
    }

    NodeTakeoverCompleted completed(EventEnvelope cause, UUID takeoverId, String failedNode, String replacement,
                                    Instant decidedAt, Instant completedAt) {
        return NodeTakeoverCompleted.newBuilder().setEnvelope(envelopes.causedBy(failedNode, cause))
                .setTakeoverId(takeoverId.toString()).setFailedNode(failedNode).setReplacementNode(replacement)
                .setDecidedAt(ms(decidedAt)).setCompletedAt(ms(completedAt)).build();
    }

    private static Instant ms(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
