package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The takeover gate's one row: paused or not, the reasons, since when, when it last reopened. */
@Entity
@Table(name = "takeover_pause")
public class TakeoverPauseRecord extends PanacheEntityBase {

    public static final short ID = 1;

    @Id
    public short id;

    @Column(nullable = false)
    public boolean paused;

    /** One cause a line: {@code Reason<TAB>message}. */
    public String reasons;

    public OffsetDateTime since;

    @Column(name = "resumed_at")
    public OffsetDateTime resumedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
