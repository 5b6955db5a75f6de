package dev.mooring.health.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.health.repository.NodeHealthRecord;
import dev.mooring.health.repository.TakeoverRecord;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A node's liveness as the REST API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeView(String name, String state, OffsetDateTime lastHeartbeatAt, OffsetDateTime onlineSince,
                       Map<String, Object> signals, List<String> decisionSignals, String role, String poolId,
                       String region, String zone, boolean initiatorsKnown, Outage currentOutage,
                       List<TakeoverView> takeovers) {

    /** The outage in progress: since when Offline, the last heartbeat, and the stored takeover deadline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outage(UUID outageId, OffsetDateTime since, OffsetDateTime lastHeartbeatAt,
                         OffsetDateTime takeoverDeadlineAt, boolean takeoverWaived) {
    }

    /** One takeover of {@code failedNode} and the time of each phase (null: not reached). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TakeoverView(UUID takeoverId, String failedNode, String status, String replacementNode, String region,
                               String zone,
                               OffsetDateTime lastHeartbeatAt, OffsetDateTime deadlineAt, List<String> signals,
                               String blockedReason, String blockedMessage, OffsetDateTime blockedAt,
                               OffsetDateTime decidedAt, OffsetDateTime fencingFailedAt, String fencingFailureReason,
                               OffsetDateTime fencedAt, OffsetDateTime drivesMovedAt,
                               OffsetDateTime identityTransferredAt, OffsetDateTime completedAt,
                               OffsetDateTime abandonedAt) {

        static TakeoverView of(TakeoverRecord t) {
            return new TakeoverView(t.id, t.failedNode, t.status, t.replacementNode, t.region, t.zone,
                    t.lastHeartbeatAt, t.deadlineAt, split(t.signals), t.blockedReason, t.blockedMessage, t.blockedAt, t.decidedAt, t.fencingFailedAt,
                    t.fencingFailureReason, t.fencedAt, t.drivesMovedAt, t.identityTransferredAt, t.completedAt,
                    t.abandonedAt);
        }
    }

    /**
     * {@code heartbeat}: the latest one this instance holds in memory when newer than the stored one (heartbeats
     * of Online nodes are written in batches).
     */
    static NodeView of(NodeHealthRecord r, OffsetDateTime heartbeat, Map<String, Object> signals,
                       List<TakeoverRecord> takeovers) {
        OffsetDateTime last = r.lastHeartbeatAt;
        if (heartbeat != null && (last == null || heartbeat.isAfter(last))) {
            last = heartbeat;
        }
        Outage outage = r.outageId == null ? null : new Outage(r.outageId, r.offlineSince, r.lastHeartbeatAt,
                r.takeoverDeadlineAt, r.takeoverWaived);
        return new NodeView(r.name, r.state, last, r.onlineSince, signals, split(r.decisionSignals), r.role, r.poolId,
                r.region, r.zone, r.initiatorsKnown, outage, takeovers.stream().map(TakeoverView::of).toList());
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }
}
