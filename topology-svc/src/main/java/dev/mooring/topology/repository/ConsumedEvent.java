package dev.mooring.topology.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** How many events of one type topology-svc has consumed. */
@Entity
@Table(name = "consumed_event")
public class ConsumedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_type")
    public String eventType;

    /** The topic the last one was read from. */
    @Column(nullable = false)
    public String topic;

    @Column(name = "event_count", nullable = false)
    public long count;

    /** When the latest of them happened, by its envelope. */
    @Column(name = "last_occurred_at", nullable = false)
    public OffsetDateTime lastOccurredAt;

    @Column(name = "last_consumed_at", nullable = false)
    public OffsetDateTime lastConsumedAt;
}
