package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** The last status announced for one array of one stretched pod. */
@Entity
@Table(name = "pod_array_status")
public class PodArrayStatusRecord extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String status;

    public Double progress;

    @Column(name = "mediator_status")
    public String mediatorStatus;

    /** When the status last changed (was announced). */
    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    /** When it was last read from the arrays. */
    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    /** (pod, array). */
    @Embeddable
    public static class Key implements Serializable {

        public String pod;

        @Column(name = "array_name")
        public String array;

        public Key() {
        }

        public Key(String pod, String array) {
            this.pod = pod;
            this.array = array;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(pod, k.pod) && Objects.equals(array, k.array);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pod, array);
        }
    }
}
