package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An ActiveCluster pod's status on one array, as health-svc last reported it. */
@Entity
@Table(name = "pod_array_status")
public class PodArrayStatusRecord extends PanacheEntityBase {

    /** {@code <pod>/<array>}. */
    @Id
    public String id;

    @Column(name = "pod_name", nullable = false)
    public String podName;

    @Column(name = "array_name", nullable = false)
    public String arrayName;

    @Column(nullable = false)
    public String status;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    public static String idOf(String pod, String array) {
        return pod + "/" + array;
    }
}
