package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The host object Mooring made (or adopted) for a node on one array. */
@Entity
@Table(name = "node_host")
public class NodeHost extends PanacheEntityBase {

    public static final String CREATED = "created";
    public static final String ADOPTED = "adopted";

    /** {@code <array>/<node>}. */
    @Id
    public String id;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "array_name", nullable = false)
    public String arrayName;

    @Column(name = "host_name", nullable = false)
    public String hostName;

    /** {@link #CREATED} or {@link #ADOPTED}. */
    @Column(nullable = false)
    public String origin;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public static String idOf(String array, String node) {
        return array + "/" + node;
    }
}
