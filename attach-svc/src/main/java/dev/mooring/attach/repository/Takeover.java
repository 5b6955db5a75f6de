package dev.mooring.attach.repository;

import dev.mooring.attach.domain.TakeoverPhase;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A takeover as attach-svc carries it out; its phase says where a restart resumes. */
@Entity
@Table(name = "takeover")
public class Takeover extends PanacheEntityBase {

    @Id
    @Column(name = "takeover_id")
    public String takeoverId;

    @Column(name = "failed_node", nullable = false)
    public String failedNode;

    @Column(name = "replacement_node", nullable = false)
    public String replacementNode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TakeoverPhase phase;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_failure")
    public String lastFailure;

    /** JSON: the connections the fence removed. */
    public String removed;

    @Column(name = "verified_arrays")
    public String verifiedArrays;

    /** JSON: the connections made for the replacement. */
    public String moved;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "cause_event_id", nullable = false)
    public UUID causeEventId;

    /** When attach-svc recorded the fence: attachments of the failed node requested before it are fenced. */
    @Column(name = "decided_at", nullable = false)
    public OffsetDateTime decidedAt;

    @Column(name = "fenced_at")
    public OffsetDateTime fencedAt;

    @Column(name = "moved_at")
    public OffsetDateTime movedAt;

    @Column(name = "identity_transferred_at")
    public OffsetDateTime identityTransferredAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** JSON: array -> why the fence is not confirmed there (null once confirmed). */
    public String unconfirmed;

    /** Comma-separated: arrays an operator confirmed the fence for, because they could not answer. */
    @Column(name = "overridden_arrays")
    public String overriddenArrays;

    @Column(name = "override_by")
    public String overrideBy;

    @Column(name = "override_reason")
    public String overrideReason;

    @Column(name = "override_at")
    public OffsetDateTime overrideAt;

    public List<String> overriddenArrayList() {
        return Csv.list(overriddenArrays);
    }

    public List<String> verifiedArrayList() {
        return Csv.list(verifiedArrays);
    }

    public void verifiedArrayList(List<String> arrays) {
        verifiedArrays = Csv.join(arrays);
    }
}
