package dev.mooring.topology.dr.migration.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an object of the source cluster becomes its copy in the paired cluster: server-owned metadata stripped, what
 * would make the other cluster's controllers act on it removed, workloads at zero replicas with their count recorded,
 * the PV kept (Retain) whatever happens to the claim there. Pure: no API calls.
 */
public final class ObjectCopies {

    /** Label on every copy: the domain it was migrated from. */
    public static final String MIGRATED_FROM = "dr.mooring.dev/migrated-from";
    /** Annotation on every copy: the run that last wrote it. */
    public static final String MIGRATION_RUN = "dr.mooring.dev/migration-run";
    /** Annotation on a copied workload: the replicas it runs with at its source. */
    public static final String REPLICAS = "dr.mooring.dev/replicas";
    /** Annotation on every copy: a digest of what the copy says, so an unchanged source writes nothing. */
    public static final String SOURCE_DIGEST = "dr.mooring.dev/source-digest";

    /** Annotations the source cluster's controllers set that would mislead the other cluster's. */
    private static final java.util.List<String> CONTROLLER_ANNOTATIONS = java.util.List.of(
            "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
            "volume.kubernetes.io/selected-node", "kubectl.kubernetes.io/last-applied-configuration",
            "deployment.kubernetes.io/revision");

    private ObjectCopies() {
    }

    /** The copy of {@code source} for the paired cluster, written by run {@code runId} from {@code sourceDomain}. */
    public static <T extends HasMetadata> T copy(T source, String sourceDomain, String runId) {
        @SuppressWarnings("unchecked")
        T copy = (T) Serialization.clone(source);
        strip(copy.getMetadata());
        if (copy instanceof Namespace namespace) {
            namespace.setSpec(null);
            namespace.setStatus(null);
        } else if (copy instanceof Service service) {
            service.setStatus(null);
            service.getSpec().setClusterIP(null);
            service.getSpec().setClusterIPs(null);
        } else if (copy instanceof PersistentVolumeClaim claim) {
            claim.setStatus(null);
        } else if (copy instanceof PersistentVolume volume) {
            volume.setStatus(null);
            volume.getSpec().setPersistentVolumeReclaimPolicy("Retain");
            ObjectReference claimRef = volume.getSpec().getClaimRef();
            if (claimRef != null) {
                ObjectReference kept = new ObjectReference();
                kept.setNamespace(claimRef.getNamespace());
                kept.setName(claimRef.getName());
                volume.getSpec().setClaimRef(kept);
            }
        } else if (copy instanceof Deployment deployment) {
            deployment.setStatus(null);
            record(copy.getMetadata(), deployment.getSpec().getReplicas());
            deployment.getSpec().setReplicas(0);
        } else if (copy instanceof StatefulSet statefulSet) {
            statefulSet.setStatus(null);
            record(copy.getMetadata(), statefulSet.getSpec().getReplicas());
            statefulSet.getSpec().setReplicas(0);
        }
        ObjectMeta meta = copy.getMetadata();
        meta.setLabels(with(meta.getLabels(), MIGRATED_FROM, sourceDomain));
        meta.setAnnotations(with(meta.getAnnotations(), SOURCE_DIGEST, digest(copy)));
        meta.setAnnotations(with(meta.getAnnotations(), MIGRATION_RUN, runId));
        return copy;
    }

    /** The digest a copy carries (what it says, apart from the run that wrote it). */
    public static String digestOf(HasMetadata copy) {
        Map<String, String> annotations = copy.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(SOURCE_DIGEST);
    }

    /** The replicas recorded on a workload's copy, or empty when it has none (or an unreadable one). */
    public static java.util.OptionalInt recordedReplicas(HasMetadata workload) {
        Map<String, String> annotations = workload.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REPLICAS);
        try {
            return value == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    private static void record(ObjectMeta meta, Integer replicas) {
        Map<String, String> annotations = meta.getAnnotations();
        if (replicas != null && replicas == 0 && annotations != null && annotations.containsKey(REPLICAS)) {
            return; // stopped by a scale-down, which recorded the count it ran with: that count stands
        }
        // Kubernetes defaults an unset count to 1.
        meta.setAnnotations(with(annotations, REPLICAS, String.valueOf(replicas == null ? 1 : replicas)));
    }

    private static void strip(ObjectMeta meta) {
        meta.setUid(null);
        meta.setResourceVersion(null);
        meta.setCreationTimestamp(null);
        meta.setManagedFields(null);
        meta.setOwnerReferences(null);
        meta.setGeneration(null);
        meta.setSelfLink(null);
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setFinalizers(null);
        if (meta.getAnnotations() != null) {
            Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations());
            CONTROLLER_ANNOTATIONS.forEach(annotations::remove);
            annotations.remove(MIGRATION_RUN);
            annotations.remove(SOURCE_DIGEST);
            meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        }
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> result = map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
        result.put(key, value);
        return result;
    }

    private static String digest(HasMetadata copy) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(copy).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
