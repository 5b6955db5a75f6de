package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A storage node's pool (table {@code pool}); its id stays when a takeover moves it to another node. */
@Entity(name = "StoragePoolRecord")
@Table(name = "pool")
public class StoragePoolRecord extends PanacheEntityBase {

    public static final String PROVISIONING = "Provisioning";
    public static final String ONLINE = "Online";
    public static final String FAILED = "Failed";

    @Id
    @Column(name = "pool_id")
    public String poolId;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "origin_node", nullable = false)
    public String originNode;

    public String region;

    public String zone;

    public String rack;

    @Column(nullable = false)
    public String state;

    @Column(name = "capacity_bytes", nullable = false)
    public long capacityBytes;

    @Column(name = "used_bytes", nullable = false)
    public long usedBytes;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** At or over the threshold, and this crossing was acted on (expanded or reported blocked). */
    @Column(name = "over_threshold", nullable = false)
    public boolean overThreshold;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "failure_message")
    public String failureMessage;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Version
    public long version;
}
