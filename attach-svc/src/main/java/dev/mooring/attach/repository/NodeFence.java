package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A node's fence epoch: whether its hosts are fenced, and a number raised at every fence and unfence. Its row lock
 * orders a fence against every connect to the node's hosts (see attach-svc/DESIGN.md).
 */
@Entity
@Table(name = "node_fence")
public class NodeFence extends PanacheEntityBase {

    @Id
    @Column(name = "node_name")
    public String nodeName;

    @Column(nullable = false)
    public long epoch;

    @Column(nullable = false)
    public boolean fenced;

    @Column(name = "takeover_id")
    public String takeoverId;

    public String reason;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;
}
