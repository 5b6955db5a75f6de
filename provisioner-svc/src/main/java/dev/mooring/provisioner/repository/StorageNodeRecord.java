package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A node's storage role, decided once its topology is known (table {@code storage_node}). */
@Entity(name = "StorageNodeRecord")
@Table(name = "storage_node")
public class StorageNodeRecord extends PanacheEntityBase {

    @Id
    @Column(name = "node_name")
    public String nodeName;

    /** {@code storage} or {@code storageless}. */
    @Column(nullable = false)
    public String role;

    public String region;

    public String zone;

    public String rack;

    @Column(name = "pool_id")
    public String poolId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
