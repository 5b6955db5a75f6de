package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One takeover (one outage of a storage node past its deadline) and the time of each of its phases. */
@Entity
@Table(name = "takeover")
public class TakeoverRecord extends PanacheEntityBase {

    /** Blocked → Decided → Fenced (FencingFailed meanwhile) → DrivesMoved → Completed; or Abandoned. */
    public enum Status { Blocked, Decided, FencingFailed, Fenced, DrivesMoved, IdentityTransferred, Completed, Abandoned }

    /** The outage id: one takeover per outage. */
    @Id
    public UUID id;

    @Column(name = "failed_node", nullable = false)
    public String failedNode;

    @Column(name = "replacement_node")
    public String replacementNode;

    public String region;

    public String zone;

    @Column(nullable = false)
    public String status;

    @Column(name = "last_heartbeat_at", nullable = false)
    public OffsetDateTime lastHeartbeatAt;

    @Column(name = "deadline_at", nullable = false)
    public OffsetDateTime deadlineAt;

    /** The signals the outage rested on, comma-separated. */
    public String signals;

    @Column(name = "blocked_reason")
    public String blockedReason;

    @Column(name = "blocked_message")
    public String blockedMessage;

    @Column(name = "blocked_at")
    public OffsetDateTime blockedAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "fenced_at")
    public OffsetDateTime fencedAt;

    @Column(name = "fencing_failed_at")
    public OffsetDateTime fencingFailedAt;

    @Column(name = "fencing_failure_reason")
    public String fencingFailureReason;

    @Column(name = "drives_moved_at")
    public OffsetDateTime drivesMovedAt;

    @Column(name = "identity_transferred_at")
    public OffsetDateTime identityTransferredAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "abandoned_at")
    public OffsetDateTime abandonedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public boolean inFlight() {
        return replacementNode != null && completedAt == null && abandonedAt == null;
    }
}
