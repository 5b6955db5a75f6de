package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A pure.json entry as last announced on {@code mooring.arrays}. Never holds a token. */
@Entity
@Table(name = "flash_array")
public class FlashArrayRecord extends PanacheEntityBase {

    /** The management endpoint, or {@code FlashArrays[i]} for a malformed entry without one. */
    @Id
    @Column(name = "entry_key")
    public String key;

    /** The array's name once it answered; kept when it fails later, so its removal can name it. */
    public String name;

    public String endpoint;

    /** How messages name the entry: {@code FlashArrays[i] (endpoint)}. */
    @Column(nullable = false)
    public String entry;

    @Column(name = "array_id")
    public String arrayId;

    /** {@code Registered} or {@code Failed}. */
    @Column(nullable = false)
    public String status;

    public String reason;

    public String message;

    @Column(name = "purity_version")
    public String purityVersion;

    @Column(name = "capacity_bytes")
    public Long capacityBytes;

    @Column(name = "free_bytes")
    public Long freeBytes;

    /** When the registration last changed (what was announced). */
    @Column(name = "last_change_at", nullable = false)
    public OffsetDateTime lastChangeAt;

    /** When the figures were last refreshed. */
    @Column(name = "checked_at", nullable = false)
    public OffsetDateTime checkedAt;

    @Version
    public long version;
}
