package dev.mooring.console.model;

import java.time.Instant;
import java.util.List;

/** A node as health-svc knows it: liveness state, storage role, place, last heartbeat, outage and takeovers. */
public record NodeInfo(String name, String state, String role, String region, String zone, String poolId,
                       Instant lastHeartbeatAt, Instant onlineSince, Outage currentOutage,
                       List<TakeoverInfo> takeovers) {

    public NodeInfo {
        takeovers = takeovers == null ? List.of() : List.copyOf(takeovers);
    }

    /** The outage in progress: Offline since, the last heartbeat, and when the takeover is due. */
    public record Outage(Instant since, Instant lastHeartbeatAt, Instant takeoverDeadlineAt, boolean takeoverWaived) {
    }
}
