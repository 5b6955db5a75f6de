package dev.mooring.devstack.kubeapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds the stand-in API server serves — those Mooring reads and writes, plus Pods and Namespaces that
 * {@code kubectl describe} and namespaced requests need — one line each. Discovery, OpenAPI, tables, field
 * selectors and validation are derived from this table; a kind that is not here is not served.
 */
public final class ApiResources {

    private static final ApiResource CORE_EVENTS = ApiResource.core("events", "Event").namespaced().shortNames("ev")
            .model(Event.class).columns(Printers.EVENTS)
            .fields("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                    "reason", "reportingComponent", "type")
            .field("source", "/source/component").build();

    /**
     * Where CRDs are kept: not under their own path, where fabric8's CRUD store would read them and apply their status
     * subresource to the stored custom resources itself, dropping every status write the stand-in makes. Not served.
     */
    private static final ApiResource CRD_STORE = ApiResource.of("crds.stand-in.mooring.dev", "v1",
            "customresourcedefinitions", "CustomResourceDefinition").model(CustomResourceDefinition.class).build();

    /** Every resource, in the order discovery lists them (the core group first, as kubectl expects). */
    public static final List<ApiResource> ALL = List.of(
            ApiResource.core("namespaces", "Namespace").shortNames("ns").model(Namespace.class).statusSubresource()
                    .fields("status.phase").columns(Printers.NAMESPACES).build(),
            ApiResource.core("nodes", "Node").shortNames("no").model(Node.class).statusSubresource()
                    .fields("spec.unschedulable").columns(Printers.NODES).build(),
            ApiResource.core("persistentvolumes", "PersistentVolume").shortNames("pv").model(PersistentVolume.class)
                    .statusSubresource().columns(Printers.PERSISTENT_VOLUMES).build(),
            ApiResource.core("persistentvolumeclaims", "PersistentVolumeClaim").namespaced().shortNames("pvc")
                    .model(PersistentVolumeClaim.class).statusSubresource().columns(Printers.PERSISTENT_VOLUME_CLAIMS).build(),
            ApiResource.core("pods", "Pod").namespaced().shortNames("po").categories("all").model(Pod.class)
                    .statusSubresource().fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                            "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName")
                    .columns(Printers.PODS).build(),
            ApiResource.core("secrets", "Secret").namespaced().model(Secret.class).fields("type")
                    .columns(Printers.SECRETS).build(),
            ApiResource.core("configmaps", "ConfigMap").namespaced().shortNames("cm").model(ConfigMap.class)
                    .columns(Printers.CONFIG_MAPS).build(),
            CORE_EVENTS,
            // The kinds disaster recovery migrates between clusters, and its custom resources with their definitions.
            ApiResource.core("services", "Service").namespaced().shortNames("svc").categories("all").model(Service.class)
                    .statusSubresource().columns(Printers.DEFAULT).build(),
            ApiResource.of("apps", "v1", "deployments", "Deployment").namespaced().shortNames("deploy").categories("all")
                    .model(Deployment.class).statusSubresource().columns(Printers.DEFAULT).build(),
            ApiResource.of("apps", "v1", "statefulsets", "StatefulSet").namespaced().shortNames("sts").categories("all")
                    .model(StatefulSet.class).statusSubresource().columns(Printers.DEFAULT).build(),
            ApiResource.of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition")
                    .shortNames("crd", "crds").model(CustomResourceDefinition.class).statusSubresource()
                    .columns(Printers.DEFAULT).viewOf(CRD_STORE, new ApiVersionConversion("apiextensions.k8s.io/v1",
                            CRD_STORE.groupVersion())).build(),
            ApiResource.of("dr.mooring.dev", "v1alpha1", "clusterpairs", "ClusterPair").namespaced()
                    .model(GenericKubernetesResource.class).statusSubresource().preservesUnknownFields()
                    .columns(Printers.DEFAULT).build(),
            ApiResource.of("dr.mooring.dev", "v1alpha1", "migrationschedules", "MigrationSchedule").namespaced()
                    .model(GenericKubernetesResource.class).statusSubresource().preservesUnknownFields()
                    .columns(Printers.DEFAULT).build(),
            ApiResource.of("storage.k8s.io", "v1", "storageclasses", "StorageClass").shortNames("sc")
                    .model(StorageClass.class).columns(Printers.STORAGE_CLASSES).build(),
            ApiResource.of("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment")
                    .model(VolumeAttachment.class).statusSubresource().columns(Printers.VOLUME_ATTACHMENTS).build(),
            ApiResource.of("coordination.k8s.io", "v1", "leases", "Lease").namespaced()
                    .model(Lease.class).columns(Printers.LEASES).build(),
            ApiResource.of("events.k8s.io", "v1", "events", "Event").namespaced().shortNames("ev")
                    .model(io.fabric8.kubernetes.api.model.events.v1.Event.class).columns(Printers.EVENTS)
                    .fields("regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid",
                            "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason",
                            "reportingController", "type")
                    .viewOf(CORE_EVENTS, new EventsV1Conversion()).build());

    private ApiResources() {
    }

    /** The resource served at {@code /api/v1/<plural>} or {@code /apis/<group>/<version>/<plural>}. */
    public static Optional<ApiResource> find(String group, String version, String plural) {
        return ALL.stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** The resource of a kind in a group version ({@code v1}, {@code storage.k8s.io/v1}). */
    public static Optional<ApiResource> byKind(String groupVersion, String kind) {
        return ALL.stream().filter(r -> r.groupVersion().equals(groupVersion) && r.kind().equals(kind)).findFirst();
    }

    /** Group versions in discovery order, each with its resources; the core group is {@code ""}. */
    public static Map<String, List<ApiResource>> byGroupVersion() {
        Map<String, List<ApiResource>> groups = new LinkedHashMap<>();
        for (ApiResource r : ALL) {
            groups.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** Named groups (not the core one) in discovery order. */
    public static List<String> groups() {
        return ALL.stream().map(ApiResource::group).filter(g -> !g.isEmpty()).distinct().toList();
    }
}
