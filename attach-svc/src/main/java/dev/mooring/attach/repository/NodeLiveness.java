package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** Whether health-svc reported the node Offline (and it has not recovered or been taken over since). */
@Entity
@Table(name = "node_liveness")
public class NodeLiveness extends PanacheEntityBase {

    @Id
    @Column(name = "node_name")
    public String nodeName;

    @Column(nullable = false)
    public boolean offline;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;
}
