package dev.mooring.topology.dr.migration.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.Map;

/** The custom resources of migrations (group {@code dr.mooring.dev}, {@code v1alpha1}) and the writing of their status. */
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

    public static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            of(KubernetesClient client, ResourceDefinitionContext context) {
        return client.genericKubernetesResources(context);
    }

    /**
     * Replaces the status of {@code namespace/name} with {@code status} (read fresh; one more try on a conflict with
     * another writer). False when the resource is gone.
     */
    public static boolean writeStatus(KubernetesClient client, ResourceDefinitionContext context, String namespace,
                                      String name, Map<String, Object> status) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource current = client.genericKubernetesResources(context).inNamespace(namespace)
                    .withName(name).get();
            if (current == null) {
                return false;
            }
            current.setAdditionalProperty("status", status);
            try {
                client.genericKubernetesResources(context).inNamespace(namespace).resource(current).updateStatus();
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
