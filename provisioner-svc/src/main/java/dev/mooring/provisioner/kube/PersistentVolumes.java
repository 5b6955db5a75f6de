package dev.mooring.provisioner.kube;

import dev.mooring.provisioner.domain.ClaimDecision;
import dev.mooring.provisioner.domain.ReclaimPolicy;
import dev.mooring.provisioner.repository.VolumeRecord;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The PersistentVolumes Mooring makes for claims, named {@code pvc-<claim uid>}: created with the claim
 * reference that lets Kubernetes' PV controller bind them, grown when the volume grows, deleted when the
 * volume is. Every call is safe to repeat. Blocking: call off the event loop.
 */
@ApplicationScoped
public class PersistentVolumes {

    /** Set on every PV a provisioner made; Kubernetes and tools read who owns it from it. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

    @Inject
    KubernetesClient kubernetes;

    /** What creating the PV found. */
    public enum Creation { Created, Existed, TakenByAnother }

    /** What the PV says about the array volume (CSI volume attributes). */
    public static Map<String, String> attributes(VolumeRecord volume) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("backend", volume.backend);
        if (volume.poolBacked()) {
            // Replicas live in storage pools (and may move with them in a takeover): the volume id is the handle.
            attributes.put("repl", String.valueOf(volume.repl));
            return attributes;
        }
        attributes.put("arrays", volume.arrays);
        attributes.put("arrayVolumeName", volume.arrayVolumeName);
        if (volume.serial != null) {
            attributes.put("serial", volume.serial);
        }
        if (volume.podName != null) {
            attributes.put("pod", volume.podName);
        }
        return attributes;
    }

    /** Creates the PV of a provisioned claim volume; a PV of that name for this volume counts as created. */
    public Creation create(VolumeRecord volume) {
        String name = ClaimDecision.persistentVolumeName(volume.claimUid);
        PersistentVolume pv = new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                .addToAnnotations(PROVISIONED_BY, volume.driver)
                .addToLabels("app.kubernetes.io/managed-by", "mooring")
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", quantity(volume.sizeBytes)))
                .withAccessModes(volume.accessModeList())
                .withVolumeMode(volume.volumeMode)
                .withStorageClassName(volume.storageClass)
                .withPersistentVolumeReclaimPolicy(ReclaimPolicy.of(volume.reclaimPolicy).name())
                // The PV controller binds a PV with a claimRef to exactly that claim (namespace, name and uid).
                .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(volume.claimNamespace).withName(volume.claimName).withUid(volume.claimUid)
                        .build())
                .withNewCsi()
                .withDriver(volume.driver)
                .withVolumeHandle(volume.id.toString())
                .withFsType(volume.fsType)
                .withVolumeAttributes(attributes(volume))
                .endCsi()
                .endSpec()
                .build();
        try {
            kubernetes.persistentVolumes().resource(pv).create();
            return Creation.Created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return find(name).filter(existing -> isFor(existing, volume.id)).isPresent()
                    ? Creation.Existed : Creation.TakenByAnother;
        }
    }

    /** Sets the PV's capacity (only ever upwards); false when there is no PV of this volume. */
    public boolean grow(VolumeRecord volume, long bytes) {
        String name = ClaimDecision.persistentVolumeName(volume.claimUid);
        Optional<PersistentVolume> pv = find(name).filter(existing -> isFor(existing, volume.id));
        if (pv.isEmpty()) {
            return false;
        }
        Long current = KubeFacts.bytes(pv.get().getSpec().getCapacity() == null ? null
                : pv.get().getSpec().getCapacity().get("storage"));
        if (current != null && current >= bytes) {
            return true;
        }
        kubernetes.persistentVolumes().withName(name).edit(existing -> {
            existing.getSpec().getCapacity().put("storage", quantity(bytes));
            return existing;
        });
        return true;
    }

    /** Deletes the PV of this volume if it is there; a PV of that name that is not this volume's is left. */
    public boolean delete(VolumeRecord volume) {
        String name = ClaimDecision.persistentVolumeName(volume.claimUid);
        Optional<PersistentVolume> pv = find(name).filter(existing -> isFor(existing, volume.id));
        if (pv.isEmpty()) {
            return false;
        }
        kubernetes.persistentVolumes().withName(name).delete();
        return true;
    }

    /** The reclaim policy the PV of this volume says now (an administrator may have changed it), if any. */
    public Optional<ReclaimPolicy> reclaimPolicy(VolumeRecord volume) {
        return find(ClaimDecision.persistentVolumeName(volume.claimUid)).filter(pv -> isFor(pv, volume.id))
                .map(pv -> ReclaimPolicy.of(pv.getSpec().getPersistentVolumeReclaimPolicy()));
    }

    public Optional<PersistentVolume> find(String name) {
        return Optional.ofNullable(kubernetes.persistentVolumes().withName(name).get());
    }

    /** Whether a PV is the one Mooring made for this volume (its CSI volume handle is the volume id). */
    public static boolean isFor(PersistentVolume pv, UUID volumeId) {
        return pv.getSpec() != null && pv.getSpec().getCsi() != null
                && volumeId.toString().equals(pv.getSpec().getCsi().getVolumeHandle());
    }

    /** The volume id a PV made by one of these provisioners names, if it is one. */
    public static Optional<UUID> volumeIdOf(PersistentVolume pv, List<String> provisionerNames) {
        String by = pv.getMetadata().getAnnotations() == null ? null
                : pv.getMetadata().getAnnotations().get(PROVISIONED_BY);
        if (by == null || !provisionerNames.contains(by) || pv.getSpec() == null || pv.getSpec().getCsi() == null
                || !provisionerNames.contains(pv.getSpec().getCsi().getDriver())) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(pv.getSpec().getCsi().getVolumeHandle()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static Quantity quantity(long bytes) {
        return new Quantity(dev.mooring.provisioner.domain.Quantity.format(bytes));
    }
}
