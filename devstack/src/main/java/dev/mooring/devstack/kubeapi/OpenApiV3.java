package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAPI v3 of the served kinds, as kubectl reads it from {@code /openapi/v3} (an index of group versions) and
 * {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/<group>/<version>}: every path and operation with its
 * {@code x-kubernetes-group-version-kind}, the {@code fieldValidation} parameter (so {@code kubectl apply} and
 * {@code create} leave validation to the server, as against a real one), the patch types each PATCH accepts, and
 * the kinds' schemas with their strategic-merge metadata (which {@code kubectl apply} computes its patches from).
 */
public final class OpenApiV3 {

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PATCH_DEFINITION = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json");

    private final ObjectMapper json;
    private final ModelShapes shapes;
    private final String kubernetesVersion;
    private final Map<String, byte[]> documents = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();

    public OpenApiV3(ObjectMapper json, ModelShapes shapes, String kubernetesVersion) {
        this.json = json;
        this.shapes = shapes;
        this.kubernetesVersion = kubernetesVersion;
        ApiResources.byGroupVersion().forEach((gv, resources) -> {
            byte[] document = bytes(document(resources));
            String key = resources.get(0).pathPrefix().substring(1); // api/v1, apis/storage.k8s.io/v1
            documents.put(key, document);
            hashes.put(key, sha256(document));
        });
    }

    /** {@code /openapi/v3}: where each group version's document is. */
    public byte[] index() {
        ObjectNode index = json.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        hashes.forEach((key, hash) -> paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash));
        return bytes(index);
    }

    /** {@code /openapi/v3/<key>}, {@code key} being {@code api/v1} or {@code apis/<group>/<version>}. */
    public Optional<byte[]> document(String key) {
        return Optional.ofNullable(documents.get(key));
    }

    private ObjectNode document(List<ApiResource> resources) {
        ObjectNode doc = json.createObjectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", kubernetesVersion);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        schemas.putObject(PATCH_DEFINITION).put("type", "object")
                .put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
        for (ApiResource r : resources) {
            Shape.Struct kind = shapes.struct(r.model());
            define(kind, schemas);
            ArrayNode gvk = ((ObjectNode) schemas.get(kind.definition())).putArray("x-kubernetes-group-version-kind");
            gvk.addObject().put("group", r.group()).put("kind", r.kind()).put("version", r.version());
            String list = defineList(r, kind, schemas);
            addPaths(r, kind.definition(), list, paths);
        }
        return doc;
    }

    private void addPaths(ApiResource r, String kind, String list, ObjectNode paths) {
        String base = r.pathPrefix();
        String collection = base + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
        String item = collection + "/{name}";
        ObjectNode coll = pathItem(paths, collection, r.namespaced(), false);
        coll.set("get", operation(r, "list", list, List.of("allowWatchBookmarks", "continue", "fieldSelector",
                "labelSelector", "limit", "resourceVersion", "timeoutSeconds", "watch"), null));
        coll.set("post", operation(r, "post", kind, List.of("dryRun", "fieldManager", "fieldValidation"), body(kind)));
        coll.set("delete", operation(r, "deletecollection", null, List.of("dryRun", "fieldSelector", "labelSelector",
                "propagationPolicy"), null));
        ObjectNode one = pathItem(paths, item, r.namespaced(), true);
        one.set("get", operation(r, "get", kind, List.of(), null));
        one.set("put", operation(r, "put", kind, List.of("dryRun", "fieldManager", "fieldValidation"), body(kind)));
        one.set("patch", operation(r, "patch", kind, List.of("dryRun", "fieldManager", "fieldValidation", "force"), patchBody()));
        one.set("delete", operation(r, "delete", null, List.of("dryRun", "gracePeriodSeconds", "propagationPolicy"), null));
        if (r.namespaced()) {
            ObjectNode all = pathItem(paths, base + "/" + r.plural(), false, false);
            all.set("get", operation(r, "list", list, List.of("fieldSelector", "labelSelector", "limit", "watch"), null));
        }
        if (r.statusSubresource()) {
            ObjectNode status = pathItem(paths, item + "/status", r.namespaced(), true);
            status.set("get", operation(r, "get", kind, List.of(), null));
            status.set("put", operation(r, "put", kind, List.of("dryRun", "fieldManager", "fieldValidation"), body(kind)));
            status.set("patch", operation(r, "patch", kind, List.of("dryRun", "fieldManager", "fieldValidation", "force"),
                    patchBody()));
        }
    }

    private ObjectNode pathItem(ObjectNode paths, String path, boolean namespaced, boolean named) {
        ObjectNode item = paths.putObject(path);
        ArrayNode parameters = item.putArray("parameters");
        if (named) {
            pathParameter(parameters, "name");
        }
        if (namespaced) {
            pathParameter(parameters, "namespace");
        }
        return item;
    }

    private static void pathParameter(ArrayNode parameters, String name) {
        ObjectNode p = parameters.addObject().put("name", name).put("in", "path").put("required", true);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
    }

    private ObjectNode operation(ApiResource r, String action, String responseSchema, List<String> query, ObjectNode body) {
        ObjectNode op = json.createObjectNode();
        op.putArray("tags").add(r.group().isEmpty() ? "core_v1" : r.group() + "_" + r.version());
        op.put("operationId", action + r.kind());
        ArrayNode parameters = op.putArray("parameters");
        for (String name : query) {
            ObjectNode p = parameters.addObject().put("name", name).put("in", "query");
            p.putObject("schema").put("type", queryType(name)).put("uniqueItems", true);
        }
        if (body != null) {
            op.set("requestBody", body);
        }
        ObjectNode ok = op.putObject("responses").putObject("200").put("description", "OK");
        if (responseSchema != null) {
            ObjectNode content = ok.putObject("content");
            for (String type : List.of("application/json", "application/yaml")) {
                content.putObject(type).putObject("schema").put("$ref", SCHEMAS + responseSchema);
            }
        }
        op.put("x-kubernetes-action", action);
        op.putObject("x-kubernetes-group-version-kind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
        return op;
    }

    private static String queryType(String name) {
        return switch (name) {
            case "allowWatchBookmarks", "watch", "force" -> "boolean";
            case "limit", "timeoutSeconds", "gracePeriodSeconds" -> "integer";
            default -> "string";
        };
    }

    private ObjectNode body(String kind) {
        ObjectNode body = json.createObjectNode().put("required", true);
        body.putObject("content").putObject("*/*").putObject("schema").put("$ref", SCHEMAS + kind);
        return body;
    }

    private ObjectNode patchBody() {
        ObjectNode body = json.createObjectNode().put("required", true);
        ObjectNode content = body.putObject("content");
        PATCH_TYPES.forEach(type -> content.putObject(type).putObject("schema").put("$ref", SCHEMAS + PATCH_DEFINITION));
        return body;
    }

    /** The list kind's schema ({@code PersistentVolumeClaimList}: apiVersion, items, kind, metadata); its name. */
    private String defineList(ApiResource r, Shape.Struct kind, ObjectNode schemas) {
        String name = kind.definition() + "List";
        Shape.Struct listMeta = shapes.struct(io.fabric8.kubernetes.api.model.ListMeta.class);
        define(listMeta, schemas);
        ObjectNode list = schemas.putObject(name).put("type", "object");
        list.putArray("required").add("items");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("items").put("type", "array").set("items", reference(kind.definition()));
        properties.putObject("kind").put("type", "string");
        properties.set("metadata", reference(listMeta.definition()));
        list.putArray("x-kubernetes-group-version-kind").addObject().put("group", r.group()).put("kind", r.listKind())
                .put("version", r.version());
        return name;
    }

    /** Adds a struct's schema and every struct it reaches, once each. */
    private void define(Shape.Struct struct, ObjectNode schemas) {
        if (schemas.has(struct.definition())) {
            return;
        }
        ObjectNode schema = schemas.putObject(struct.definition()).put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (Shape.Field field : struct.fields().values()) {
            ObjectNode property = schemaOf(field.shape(), schemas);
            if (field.patchStrategy() != null) {
                property.put("x-kubernetes-patch-strategy", field.patchStrategy());
            }
            if (field.mergeKey() != null) {
                property.put("x-kubernetes-patch-merge-key", field.mergeKey());
            }
            properties.set(field.name(), property);
        }
    }

    private ObjectNode schemaOf(Shape shape, ObjectNode schemas) {
        ObjectNode schema = json.createObjectNode();
        if (shape instanceof Shape.Struct struct) {
            define(struct, schemas);
            return reference(struct.definition());
        }
        if (shape instanceof Shape.MapOf map) {
            schema.put("type", "object").set("additionalProperties", schemaOf(map.values(), schemas));
        } else if (shape instanceof Shape.ListOf list) {
            schema.put("type", "array").set("items", schemaOf(list.items(), schemas));
        } else if (shape instanceof Shape.Scalar scalar) {
            switch (scalar.type()) {
                case "quantity" -> {
                    ArrayNode oneOf = schema.putArray("oneOf");
                    oneOf.addObject().put("type", "string");
                    oneOf.addObject().put("type", "number");
                }
                case "int-or-string" -> schema.put("x-kubernetes-int-or-string", true).putArray("anyOf")
                        .add(json.createObjectNode().put("type", "integer")).add(json.createObjectNode().put("type", "string"));
                default -> {
                    schema.put("type", scalar.type());
                    if (!scalar.format().isEmpty()) {
                        schema.put("format", scalar.format());
                    }
                }
            }
        } else {
            schema.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        }
        return schema;
    }

    private ObjectNode reference(String definition) {
        ObjectNode ref = json.createObjectNode();
        ref.putArray("allOf").addObject().put("$ref", SCHEMAS + definition);
        return ref;
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
