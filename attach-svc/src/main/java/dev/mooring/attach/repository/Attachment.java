package dev.mooring.attach.repository;

import dev.mooring.attach.domain.AttachmentState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One attachment: a volume wanted on a node, and how far it got. */
@Entity
@Table(name = "attachment")
public class Attachment extends PanacheEntityBase {

    public static final String SOURCE_VOLUME_ATTACHMENT = "VolumeAttachment";
    public static final String SOURCE_API = "api";

    /** The VolumeAttachment's name, or a UUID the REST API gave. */
    @Id
    public String id;

    @Column(name = "volume_id", nullable = false)
    public String volumeId;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    /** {@link #SOURCE_VOLUME_ATTACHMENT} or {@link #SOURCE_API}. */
    @Column(nullable = false)
    public String source;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttachmentState state;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "failure_message")
    public String failureMessage;

    @Column(name = "failure_retryable")
    public Boolean failureRetryable;

    /** JSON list of paths, one per array, once attached. */
    public String paths;

    public String serial;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "last_event_id")
    public UUID lastEventId;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public boolean fromVolumeAttachment() {
        return SOURCE_VOLUME_ATTACHMENT.equals(source);
    }

    public void clearFailure() {
        failureReason = null;
        failureMessage = null;
        failureRetryable = null;
    }
}
