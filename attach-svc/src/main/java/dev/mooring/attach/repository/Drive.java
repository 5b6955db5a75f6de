package dev.mooring.attach.repository;

import dev.mooring.attach.domain.DriveState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A cloud drive of a storage node's pool: an array volume connected to its owning node's host. */
@Entity
@Table(name = "drive")
public class Drive extends PanacheEntityBase {

    /** {@code <array>/<drive name>}. */
    @Id
    public String id;

    @Column(name = "drive_name", nullable = false)
    public String driveName;

    @Column(name = "array_name", nullable = false)
    public String arrayName;

    @Column(name = "pool_id", nullable = false)
    public String poolId;

    /** The owner now; a takeover moves it to the replacement. */
    @Column(name = "node_name", nullable = false)
    public String nodeName;

    public String serial;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    public String purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DriveState state;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "failure_message")
    public String failureMessage;

    /** The owner's host the drive is connected to, once attached. */
    @Column(name = "host_name")
    public String hostName;

    /** JSON of the path, once attached. */
    public String path;

    @Column(name = "takeover_id")
    public String takeoverId;

    @Column(name = "previous_node")
    public String previousNode;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "cause_event_id")
    public UUID causeEventId;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public static String idOf(String array, String driveName) {
        return array + "/" + driveName;
    }
}
