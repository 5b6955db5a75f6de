package dev.mooring.topology.dr.migration.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.Objects;

/**
 * Create-or-replace of copies in the paired cluster, counting what it did. A copy whose digest matches the one there
 * is left alone (a second run writes nothing); a workload that runs there (failed over) keeps its replicas.
 */
final class Writes {

    enum Written { CREATED, CHANGED, UNCHANGED, KEPT_RUNNING }

    private final KubernetesClient target;
    private int created;
    private int changed;
    private int unchanged;

    Writes(KubernetesClient target) {
        this.target = target;
    }

    /** Writes {@code copy} unless the paired cluster holds the same copy already. */
    Written apply(HasMetadata copy) {
        HasMetadata existing = handle(target, copy).get();
        if (existing == null) {
            try {
                handle(target, copy).create();
                created++;
                return Written.CREATED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = handle(target, copy).get(); // made in between: replace it below
                if (existing == null) {
                    throw e;
                }
            }
        }
        int running = runningReplicas(existing);
        if (Objects.equals(ObjectCopies.digestOf(existing), ObjectCopies.digestOf(copy))) {
            unchanged++;
            return running > 0 ? Written.KEPT_RUNNING : Written.UNCHANGED;
        }
        keepWhatTheTargetOwns(copy, existing, running);
        copy.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        handle(target, copy).update();
        changed++;
        return running > 0 ? Written.KEPT_RUNNING : Written.CHANGED;
    }

    /** Creates or replaces {@code object} as it is (the Final stage's marker). */
    void replace(HasMetadata object) {
        HasMetadata existing = handle(target, object).get();
        if (existing == null) {
            handle(target, object).create();
        } else {
            object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            handle(target, object).update();
        }
    }

    /**
     * The object's handle, by kind: typed accessors (not {@code client.resource(o)}) so that the RBAC check
     * (devstack's KubeCalls) sees which kinds are written.
     */
    private static Resource<? extends HasMetadata> handle(KubernetesClient target, HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        if (object instanceof Namespace namespace) {
            return target.namespaces().resource(namespace);
        }
        if (object instanceof PersistentVolume volume) {
            return target.persistentVolumes().resource(volume);
        }
        if (object instanceof PersistentVolumeClaim claim) {
            return target.persistentVolumeClaims().inNamespace(ns).resource(claim);
        }
        if (object instanceof ConfigMap configMap) {
            return target.configMaps().inNamespace(ns).resource(configMap);
        }
        if (object instanceof Secret secret) {
            return target.secrets().inNamespace(ns).resource(secret);
        }
        if (object instanceof Service service) {
            return target.services().inNamespace(ns).resource(service);
        }
        if (object instanceof Deployment deployment) {
            return target.apps().deployments().inNamespace(ns).resource(deployment);
        }
        if (object instanceof StatefulSet statefulSet) {
            return target.apps().statefulSets().inNamespace(ns).resource(statefulSet);
        }
        throw new IllegalArgumentException("no migration of kind " + object.getKind());
    }

    /** Objects at the paired cluster that hold this run's copy. */
    int count() {
        return created + changed + unchanged;
    }

    String summary() {
        return created + " objects created, " + changed + " replaced, " + unchanged + " already up to date";
    }

    /**
     * Replicas of a migrated workload that runs at the target (it was failed over there): a run must not stop it.
     * 0 for anything else.
     */
    private static int runningReplicas(HasMetadata existing) {
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(ObjectCopies.MIGRATED_FROM)) {
            return 0;
        }
        Integer replicas = existing instanceof Deployment d && d.getSpec() != null ? d.getSpec().getReplicas()
                : existing instanceof StatefulSet s && s.getSpec() != null ? s.getSpec().getReplicas() : null;
        return replicas == null ? 0 : replicas;
    }

    /** What the target's API server assigned or will not let change. */
    private static void keepWhatTheTargetOwns(HasMetadata copy, HasMetadata existing, int running) {
        if (copy instanceof Service service && existing instanceof Service there && there.getSpec() != null) {
            service.getSpec().setClusterIP(there.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(there.getSpec().getClusterIPs());
        } else if (copy instanceof PersistentVolumeClaim claim && existing instanceof PersistentVolumeClaim there
                && there.getSpec() != null) {
            // A bound claim's spec is immutable but for its requested size.
            var resources = claim.getSpec().getResources();
            claim.setSpec(there.getSpec());
            claim.getSpec().setResources(resources);
        } else if (running > 0 && copy instanceof Deployment deployment) {
            deployment.getSpec().setReplicas(running);
        } else if (running > 0 && copy instanceof StatefulSet statefulSet) {
            statefulSet.getSpec().setReplicas(running);
        }
    }
}
