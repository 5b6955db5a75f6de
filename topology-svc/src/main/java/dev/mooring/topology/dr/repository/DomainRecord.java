package dev.mooring.topology.dr.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** This installation's cluster domain as stored: its state, the epoch of its last change and why. */
@Entity
@Table(name = "cluster_domain")
public class DomainRecord extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public long epoch;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    @Column(nullable = false)
    public String reason;

    @Version
    public long version;
}
