package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shapes of Kubernetes objects read from fabric8's model classes (generated from the Kubernetes OpenAPI, so
 * their JSON properties are the API's), with the strategic-merge metadata Kubernetes declares in its Go struct
 * tags for the list fields of the served kinds (which the model classes do not carry).
 */
public final class ModelShapes {

    /** {@code patchStrategy}/{@code patchMergeKey} of Kubernetes' Go types, for the lists of the served kinds. */
    private static final Map<Class<?>, Map<String, String[]>> PATCH_META = Map.of(
            ObjectMeta.class, Map.of(
                    "finalizers", new String[] {"merge", null},
                    "ownerReferences", new String[] {"merge", "uid"}),
            PersistentVolumeClaimStatus.class, Map.of("conditions", new String[] {"merge", "type"}),
            NodeSpec.class, Map.of("podCIDRs", new String[] {"merge", null}),
            NodeStatus.class, Map.of(
                    "conditions", new String[] {"merge", "type"},
                    "addresses", new String[] {"merge", "type"}),
            PodSpec.class, Map.of(
                    "containers", new String[] {"merge", "name"},
                    "initContainers", new String[] {"merge", "name"},
                    "ephemeralContainers", new String[] {"merge", "name"},
                    "volumes", new String[] {"merge,retainKeys", "name"},
                    "imagePullSecrets", new String[] {"merge", "name"},
                    "hostAliases", new String[] {"merge", "ip"},
                    "topologySpreadConstraints", new String[] {"merge", "topologyKey"},
                    "resourceClaims", new String[] {"merge,retainKeys", "name"},
                    "schedulingGates", new String[] {"merge", "name"}),
            PodStatus.class, Map.of(
                    "conditions", new String[] {"merge", "type"},
                    "podIPs", new String[] {"merge", "ip"},
                    "hostIPs", new String[] {"merge", "ip"}),
            Container.class, containerLists(),
            EphemeralContainer.class, containerLists());

    /** fabric8 packages → the Kubernetes definition prefix their classes are named with in OpenAPI. */
    private static final Map<String, String> PACKAGES = Map.of(
            "io.fabric8.kubernetes.api.model", "io.k8s.api.core.v1",
            "io.fabric8.kubernetes.api.model.storage", "io.k8s.api.storage.v1",
            "io.fabric8.kubernetes.api.model.coordination.v1", "io.k8s.api.coordination.v1",
            "io.fabric8.kubernetes.api.model.events.v1", "io.k8s.api.events.v1");
    /** Classes of the core package that Kubernetes defines in apimachinery's meta/v1. */
    private static final Set<String> META_V1 = Set.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry",
            "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "LabelSelector",
            "LabelSelectorRequirement", "Condition", "FieldsV1", "MicroTime", "Time");

    private final ObjectMapper mapper;
    private final Map<Class<?>, Shape.Struct> structs = new ConcurrentHashMap<>();

    public ModelShapes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static Map<String, String[]> containerLists() {
        return Map.of(
                "ports", new String[] {"merge", "containerPort"},
                "env", new String[] {"merge", "name"},
                "volumeMounts", new String[] {"merge", "mountPath"},
                "volumeDevices", new String[] {"merge", "devicePath"});
    }

    /** The shape of a model class (a struct, for the kinds of the table). */
    public synchronized Shape.Struct struct(Class<?> model) {
        Shape shape = shapeOf(mapper.constructType(model));
        if (!(shape instanceof Shape.Struct struct)) {
            throw new IllegalArgumentException(model + " is not a struct");
        }
        return struct;
    }

    private Shape shapeOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isMapLikeType()) {
            return new Shape.MapOf(shapeOf(type.getContentType()));
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return new Shape.ListOf(shapeOf(type.getContentType()));
        }
        if (raw == String.class || raw == MicroTime.class) {
            return new Shape.Scalar("string", raw == MicroTime.class ? "date-time" : "");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new Shape.Scalar("boolean", "");
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            return new Shape.Scalar("integer", "int32");
        }
        if (raw == Long.class || raw == long.class) {
            return new Shape.Scalar("integer", "int64");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return new Shape.Scalar("number", "double");
        }
        if (raw == Quantity.class) {
            return new Shape.Scalar("quantity", "");
        }
        if (raw == IntOrString.class) {
            return new Shape.Scalar("int-or-string", "");
        }
        if (raw == Object.class || raw == FieldsV1.class || JsonNode.class.isAssignableFrom(raw) || serializedByHand(raw)
                || !raw.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return new Shape.Free();
        }
        Shape.Struct known = structs.get(raw);
        if (known != null) {
            return known;
        }
        Shape.Struct struct = new Shape.Struct(definitionName(raw), raw);
        structs.put(raw, struct); // before the fields: a type may refer to itself
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        Map<String, String[]> patchMeta = PATCH_META.getOrDefault(raw, Map.of());
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getPrimaryType() == null) {
                continue;
            }
            String[] meta = patchMeta.get(property.getName());
            struct.add(new Shape.Field(property.getName(), shapeOf(property.getPrimaryType()),
                    meta == null ? null : meta[0], meta == null ? null : meta[1]));
        }
        return struct;
    }

    private static boolean serializedByHand(Class<?> raw) {
        JsonSerialize serialize = raw.getAnnotation(JsonSerialize.class);
        return serialize != null && serialize.using() != JsonSerializer.None.class;
    }

    /** {@code io.k8s.api.core.v1.PersistentVolumeClaim}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}, … */
    static String definitionName(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals("io.fabric8.kubernetes.api.model") && META_V1.contains(simple)) {
            return "io.k8s.apimachinery.pkg.apis.meta.v1." + simple;
        }
        String prefix = PACKAGES.get(pkg);
        return prefix == null ? type.getName() : prefix + "." + simple;
    }
}
