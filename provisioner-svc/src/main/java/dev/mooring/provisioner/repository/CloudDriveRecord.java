package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A pool's drive: a FlashArray volume whose name and array are recorded before it is made (table
 * {@code drive}); {@code serial} is set once it exists.
 */
@Entity(name = "CloudDriveRecord")
@Table(name = "drive")
public class CloudDriveRecord extends PanacheEntityBase {

    public static final String INITIAL = "initial";
    public static final String EXPANSION = "expansion";

    @Id
    @Column(name = "drive_name")
    public String driveName;

    @Column(name = "pool_id", nullable = false)
    public String poolId;

    @Column(name = "array_name", nullable = false)
    public String arrayName;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    public String serial;

    @Column(nullable = false)
    public boolean attached;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** {@code initial} or {@code expansion}. */
    @Column(nullable = false)
    public String purpose;

    @Column(name = "drive_index", nullable = false)
    public int driveIndex;

    /** Why attach-svc last failed to connect it ({@code reason: message}); cleared when it is attached. */
    @Column(name = "attach_failure")
    public String attachFailure;

    /** Why its connection was last removed (e.g. Fenced), while it is not attached. */
    @Column(name = "detached_reason")
    public String detachedReason;

    public boolean provisioned() {
        return serial != null;
    }
}
