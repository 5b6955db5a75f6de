package dev.mooring.attach.repository;

import dev.mooring.attach.domain.KnownVolumeState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A volume attach-svc has heard of from the provisioner's events. */
@Entity
@Table(name = "known_volume")
public class KnownVolume extends PanacheEntityBase {

    @Id
    @Column(name = "volume_id")
    public String volumeId;

    /** The name on the array (pod-qualified when in a pod); null when deleted before it was ever made. */
    @Column(name = "array_volume_name")
    public String arrayVolumeName;

    /** Comma-separated names of the arrays that serve it. */
    @Column(nullable = false)
    public String arrays = "";

    public String serial;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    @Column(name = "pod_name")
    public String podName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public KnownVolumeState state;

    /** Comma-separated Kubernetes access modes (ReadWriteOnce, ReadWriteMany, …); empty when not from a PVC. */
    @Column(name = "access_modes", nullable = false)
    public String accessModes = "";

    /** Filesystem or Block; null means Filesystem. */
    @Column(name = "volume_mode")
    public String volumeMode;

    /** The event that changed this row last. */
    @Column(name = "last_event_id", nullable = false)
    public UUID lastEventId;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public List<String> arrayList() {
        return arrays == null || arrays.isBlank() ? List.of() : Arrays.asList(arrays.split(","));
    }

    public void arrayList(List<String> names) {
        arrays = String.join(",", names);
    }

    public List<String> accessModeList() {
        return Csv.list(accessModes);
    }

    public void accessModeList(List<String> modes) {
        accessModes = Csv.join(modes);
    }
}
