package dev.mooring.topology.dr.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A failover or failback as recorded step by step (see {@code V3__cluster_domains.sql}). */
@Entity
@Table(name = "dr_operation")
public class OperationRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    @Column(name = "from_domain", nullable = false)
    public String fromDomain;

    @Column(name = "to_domain", nullable = false)
    public String toDomain;

    @Column(nullable = false)
    public String state;

    /** JSON array of {@link dev.mooring.topology.dr.domain.OperationStep}. */
    @Column(nullable = false)
    public String steps = "[]";

    /** JSON array of namespace names. */
    @Column(nullable = false)
    public String namespaces = "[]";

    @Column(nullable = false)
    public long epoch;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String failure;

    @Version
    public long version;
}
