package dev.mooring.provisioner.kube;

import dev.mooring.provisioner.domain.ClaimDecision;
import dev.mooring.provisioner.domain.ClaimFacts;
import dev.mooring.provisioner.domain.ClassFacts;
import dev.mooring.provisioner.domain.MigratedVolume;
import io.fabric8.kubernetes.api.model.CSIPersistentVolumeSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads claims and classes from fabric8's model into the domain's plain records. */
final class KubeFacts {

    /** The pre-1.6 way of naming a claim's class, still honoured by Kubernetes. */
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private KubeFacts() {
    }

    static ClaimFacts claim(PersistentVolumeClaim pvc) {
        Map<String, String> annotations = Optional.ofNullable(pvc.getMetadata().getAnnotations()).orElse(Map.of());
        PersistentVolumeClaimSpec spec = Optional.ofNullable(pvc.getSpec()).orElseGet(PersistentVolumeClaimSpec::new);
        String className = spec.getStorageClassName() != null ? spec.getStorageClassName()
                : annotations.get(BETA_STORAGE_CLASS);
        Quantity storage = spec.getResources() == null || spec.getResources().getRequests() == null ? null
                : spec.getResources().getRequests().get("storage");
        return new ClaimFacts(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(),
                pvc.getMetadata().getUid(), className, storage == null ? null : storage.toString(), bytes(storage),
                spec.getAccessModes(), spec.getVolumeMode(), spec.getVolumeName(),
                annotations.get(ClaimDecision.SELECTED_NODE),
                spec.getDataSource() != null || spec.getDataSourceRef() != null,
                pvc.getMetadata().getDeletionTimestamp() != null);
    }

    static ClassFacts storageClass(StorageClass sc) {
        return new ClassFacts(sc.getMetadata().getName(), sc.getProvisioner(), sc.getParameters(),
                sc.getReclaimPolicy(), sc.getVolumeBindingMode(), Boolean.TRUE.equals(sc.getAllowVolumeExpansion()),
                sc.getAllowedTopologies() != null && !sc.getAllowedTopologies().isEmpty());
    }

    /** A PV as a volume disaster recovery may have migrated here (whether it is one is the domain's call). */
    static MigratedVolume migrated(PersistentVolume pv) {
        PersistentVolumeSpec spec = Optional.ofNullable(pv.getSpec()).orElseGet(PersistentVolumeSpec::new);
        CSIPersistentVolumeSource csi = Optional.ofNullable(spec.getCsi()).orElseGet(CSIPersistentVolumeSource::new);
        Map<String, String> labels = Optional.ofNullable(pv.getMetadata().getLabels()).orElse(Map.of());
        ObjectReference claim = spec.getClaimRef();
        return new MigratedVolume(pv.getMetadata().getName(), csi.getDriver(), labels.get(MigratedVolume.MIGRATED_FROM),
                csi.getVolumeHandle(), Optional.ofNullable(csi.getVolumeAttributes()).orElse(Map.of()),
                bytes(spec.getCapacity() == null ? null : spec.getCapacity().get("storage")),
                Optional.ofNullable(spec.getAccessModes()).orElse(List.of()), spec.getVolumeMode(), csi.getFsType(),
                spec.getStorageClassName(), claim == null ? null : claim.getNamespace(),
                claim == null ? null : claim.getName());
    }

    /** A quantity in whole bytes (rounded up), or null when it is none. */
    static Long bytes(Quantity quantity) {
        if (quantity == null) {
            return null;
        }
        try {
            BigDecimal bytes = Quantity.getAmountInBytes(quantity);
            return bytes.signum() < 0 ? null : bytes.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // beyond any volume's size: the decision says so
        } catch (RuntimeException e) {
            return null; // not a quantity: the decision says so
        }
    }
}
