package dev.mooring.attach.repository;

import dev.mooring.attach.domain.PathTransition;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The state of an attachment's path through one array; no row means up. */
@Entity
@Table(name = "path_state")
public class PathStateRecord extends PanacheEntityBase {

    /** {@code <attachment id>/<array>}. */
    @Id
    public String id;

    @Column(name = "attachment_id", nullable = false)
    public String attachmentId;

    @Column(name = "array_name", nullable = false)
    public String arrayName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PathTransition.State state;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public OffsetDateTime since;

    public static String idOf(String attachmentId, String array) {
        return attachmentId + "/" + array;
    }
}
