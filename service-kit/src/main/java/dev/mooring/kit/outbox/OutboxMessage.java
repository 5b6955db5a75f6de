package dev.mooring.kit.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One event waiting in the outbox; its id orders publication. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(nullable = false)
    public byte[] payload;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Extra Kafka headers as a JSON object: here the trace context of the change that recorded the event. */
    @Column(name = "headers")
    public String headers;
}
