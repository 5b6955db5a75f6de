package dev.mooring.topology.dr.migration.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The custom resources of migrations (group {@code dr.mooring.dev}, {@code v1alpha1}): every API call on them, so the
 * RBAC check (devstack's KubeCalls) reads them in one place.
 */
public final class MigrationResources {

    public static final String GROUP = "dr.mooring.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    public static final ResourceDefinitionContext CLUSTER_PAIRS = context("ClusterPair", "clusterpairs");
    public static final ResourceDefinitionContext MIGRATION_SCHEDULES = context("MigrationSchedule", "migrationschedules");

    private MigrationResources() {
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The ClusterPair, or null. */
    public static GenericKubernetesResource pair(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(CLUSTER_PAIRS).inNamespace(namespace).withName(name).get();
    }

    /** The ClusterPairs of {@code namespace}. */
    public static List<GenericKubernetesResource> pairs(KubernetesClient client, String namespace) {
        return client.genericKubernetesResources(CLUSTER_PAIRS).inNamespace(namespace).list().getItems();
    }

    /** The MigrationSchedule, or null. */
    public static GenericKubernetesResource schedule(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(MIGRATION_SCHEDULES).inNamespace(namespace).withName(name).get();
    }

    /** An informer (not started) on the MigrationSchedules of {@code namespace}. */
    public static SharedIndexInformer<GenericKubernetesResource> scheduleInformer(KubernetesClient client,
                                                                                 String namespace) {
        return client.genericKubernetesResources(MIGRATION_SCHEDULES).inNamespace(namespace).runnableInformer(0);
    }

    /** Replaces the ClusterPair's status; false when it is gone. */
    public static boolean writePairStatus(KubernetesClient client, String namespace, String name,
                                          Map<String, Object> status) {
        return writeStatus(status, () -> pair(client, namespace, name),
                pair -> client.genericKubernetesResources(CLUSTER_PAIRS).inNamespace(namespace).resource(pair)
                        .updateStatus());
    }

    /** Replaces the MigrationSchedule's status; false when it is gone. */
    public static boolean writeScheduleStatus(KubernetesClient client, String namespace, String name,
                                              Map<String, Object> status) {
        return writeStatus(status, () -> schedule(client, namespace, name),
                schedule -> client.genericKubernetesResources(MIGRATION_SCHEDULES).inNamespace(namespace)
                        .resource(schedule).updateStatus());
    }

    /** Read fresh, status set, written; one more try on a conflict with another writer. */
    private static boolean writeStatus(Map<String, Object> status, Supplier<GenericKubernetesResource> read,
                                       Consumer<GenericKubernetesResource> write) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource current = read.get();
            if (current == null) {
                return false;
            }
            current.setAdditionalProperty("status", status);
            try {
                write.accept(current);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    /** {@code spec.<field>} as text, or null. */
    public static String specText(GenericKubernetesResource resource, String field) {
        Object value = resource.get("spec", field);
        return value == null ? null : value.toString();
    }
}
