package dev.mooring.provisioner.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.provisioner.domain.StorageParameters;
import dev.mooring.provisioner.domain.VolumeState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A volume as the provisioner stores it. */
@Entity
@Table(name = "volume")
public class VolumeRecord extends PanacheEntityBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false)
    public String backend;

    @Column(name = "pod_name")
    public String podName;

    @Column(name = "max_iops")
    public Long maxIops;

    @Column(name = "max_bandwidth")
    public Long maxBandwidth;

    /** The parameters as given, JSON. */
    @Column(nullable = false)
    public String parameters;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VolumeState state;

    /** The deterministic name on the array (pod-qualified when in a pod), known from the start. */
    @Column(name = "array_volume_name", nullable = false)
    public String arrayVolumeName;

    /** Comma-separated names of the arrays that hold it. */
    @Column(nullable = false)
    public String arrays = "";

    public String serial;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "failure_message")
    public String failureMessage;

    @Column(name = "failure_retryable")
    public Boolean failureRetryable;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    // --- For a volume requested by a PersistentVolumeClaim (all null for a REST volume) -------------

    @Column(name = "claim_namespace")
    public String claimNamespace;

    @Column(name = "claim_name")
    public String claimName;

    @Column(name = "claim_uid")
    public String claimUid;

    /** Comma-separated Kubernetes access modes. */
    @Column(name = "access_modes", nullable = false)
    public String accessModes = "";

    @Column(name = "volume_mode")
    public String volumeMode;

    @Column(name = "fs_type")
    public String fsType;

    @Column(name = "storage_class")
    public String storageClass;

    @Column(name = "selected_node")
    public String selectedNode;

    /** {@code Delete} or {@code Retain}, from the StorageClass. */
    @Column(name = "reclaim_policy")
    public String reclaimPolicy;

    @Column(name = "allow_expansion", nullable = false)
    public boolean allowExpansion;

    /** The CSI driver the PV names: the StorageClass's provisioner. */
    public String driver;

    /** The size of a resize requested and not yet done. */
    @Column(name = "requested_size_bytes")
    public Long requestedSizeBytes;

    // --- For a pool-backed volume (backend "pool") ------------------------------------------------

    /** How many replicas the volume has (its StorageClass's {@code repl}). */
    public Integer repl;

    /** Why the replicas were placed where they are, or why they could not be: a JSON array of reasons. */
    public String placement;

    /** The cluster domain a volume was adopted from (its PV was migrated here); null for a volume made here. */
    @Column(name = "adopted_from")
    public String adoptedFrom;

    @Version
    public long version;

    /** Whether the volume is carved from storage pools rather than made as an array volume. */
    public boolean poolBacked() {
        return StorageParameters.POOL_BACKEND.equals(backend);
    }

    public List<String> placementReasons() {
        if (placement == null || placement.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(placement, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("volume " + id + " has unreadable placement reasons", e);
        }
    }

    public void placementReasons(List<String> reasons) {
        try {
            placement = JSON.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the volume was adopted from another cluster domain: its array volume is never destroyed here. */
    public boolean adopted() {
        return adoptedFrom != null;
    }

    /** Whether a PersistentVolumeClaim asked for this volume. */
    public boolean forClaim() {
        return claimName != null;
    }

    public List<String> accessModeList() {
        return accessModes == null || accessModes.isBlank() ? List.of() : Arrays.asList(accessModes.split(","));
    }

    public List<String> arrayList() {
        return arrays == null || arrays.isBlank() ? List.of() : Arrays.asList(arrays.split(","));
    }

    public void arrayList(List<String> names) {
        arrays = String.join(",", names);
    }
}
