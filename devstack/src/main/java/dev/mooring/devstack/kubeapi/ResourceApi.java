package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the API server does with requests on objects — get, list, create, update, patch (JSON, merge and
 * strategic merge), delete — on top of the {@link ObjectStore}: lists typed {@code <Kind>List} and filtered by
 * label and field selectors, Tables for kubectl, bodies checked against the kind's schema with the request's
 * {@code fieldValidation}, defaults filled in, {@code generateName}, namespaces that must exist,
 * {@code dryRun}, deletion preconditions, and errors as {@code Status} objects.
 */
final class ResourceApi {

    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectMapper json;
    private final ObjectStore store;
    private final ModelShapes shapes;
    private final Clock clock;

    ResourceApi(ObjectMapper json, ObjectStore store, ModelShapes shapes, Clock clock) {
        this.json = json;
        this.store = store;
        this.shapes = shapes;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ read

    Reply get(ResourcePath path, Map<String, String> query, String accept) {
        Optional<String> table = Tables.versionAsked(accept);
        if (path.isCollection()) {
            return list(path, query, table);
        }
        ObjectNode stored = load(path);
        ObjectNode served = served(path, stored);
        if (table.isPresent()) {
            return Reply.json(200, Tables.of(path.resource(), List.of(new Tables.Row(stored, served)), table.get(),
                    query.get("includeObject"), stored.path("metadata").path("resourceVersion").asText(), clock.instant()));
        }
        return Reply.json(200, served);
    }

    private Reply list(ResourcePath path, Map<String, String> query, Optional<String> table) {
        Predicate<JsonNode> selected = Selectors.of(query.get("labelSelector"), query.get("fieldSelector"), path.resource());
        ObjectStore.Listed listed = store.list(path.storePath());
        List<Tables.Row> rows = new ArrayList<>();
        for (ObjectNode stored : listed.items()) {
            ObjectNode served = served(path, stored);
            if (selected.test(served)) {
                rows.add(new Tables.Row(stored, served));
            }
        }
        if (table.isPresent()) {
            return Reply.json(200, Tables.of(path.resource(), rows, table.get(), query.get("includeObject"),
                    listed.resourceVersion(), clock.instant()));
        }
        return Reply.json(200, listOf(path.resource(), rows.stream().map(r -> (ObjectNode) r.served()).toList(),
                listed.resourceVersion()));
    }

    private ObjectNode listOf(ApiResource resource, List<ObjectNode> items, String resourceVersion) {
        ObjectNode list = json.createObjectNode().put("kind", resource.listKind()).put("apiVersion", resource.groupVersion());
        list.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return list;
    }

    // ------------------------------------------------------------------------------------------------ write

    Reply create(ResourcePath path, Map<String, String> query, String contentType, byte[] body) {
        if (!path.isCollection()) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                    path.resource(), path.name());
        }
        Decoded decoded = decode(path, contentType, body, query);
        ObjectNode object = decoded.object();
        ObjectNode metadata = metadataOf(object);
        if (!metadata.hasNonNull("name") || metadata.path("name").asText().isEmpty()) {
            String generate = metadata.path("generateName").asText("");
            if (generate.isEmpty()) {
                throw ApiException.invalid(path.resource(), "", "metadata.name", "Required value: name or generateName is required");
            }
            metadata.put("name", generate + randomSuffix());
        }
        String name = metadata.path("name").asText();
        checkName(path.resource(), name);
        if (path.namespace() != null && store.get(ResourcePath.namespaceObject(path.namespace()).storePath()).isEmpty()) {
            throw ApiException.notFound(ResourcePath.namespaceObject(path.namespace()).resource(), path.namespace());
        }
        ObjectNode stored = stored(path, object);
        Defaults.apply(path.resource().storage().kind(), stored);
        if (dryRun(query)) {
            return Reply.json(201, served(path, stored), decoded.warnings());
        }
        ObjectStore.Written written = store.create(path.storePath(), stored);
        if (written.code() == 409) {
            throw ApiException.alreadyExists(path.resource(), name);
        }
        return written(path, name, written, stored, 201, decoded.warnings());
    }

    Reply update(ResourcePath path, Map<String, String> query, String contentType, byte[] body) {
        requireObject(path);
        Decoded decoded = decode(path, contentType, body, query);
        ObjectNode object = decoded.object();
        String name = object.path("metadata").path("name").asText("");
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")");
        }
        return store.atomically(() -> {
            ObjectNode current = load(path);
            String wanted = object.path("metadata").path("resourceVersion").asText("");
            if (!wanted.isEmpty() && !wanted.equals(current.path("metadata").path("resourceVersion").asText())) {
                throw ApiException.conflict(path.resource(), name,
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode stored = path.isStatus() ? withStatusOf(current, stored(path, object)) : stored(path, object);
            return write(path, current, stored, query, decoded.warnings());
        });
    }

    Reply patch(ResourcePath path, Map<String, String> query, String contentType, byte[] body) {
        requireObject(path);
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (type.equals("application/apply-patch+yaml")) {
            throw new ApiException(415, "UnsupportedMediaType", "server-side apply is not supported by devstack's Kubernetes "
                    + "API stand-in: use client-side kubectl apply (without --server-side)", path.resource(), path.name());
        }
        JsonNode patch = parse(body, false);
        return store.atomically(() -> {
            ObjectNode current = load(path);
            ObjectNode served = served(path, current);
            JsonNode patched = switch (type) {
                case "application/json-patch+json" -> jsonPatch(patch, served);
                case "application/merge-patch+json" -> mergePatch(served.deepCopy(), patch);
                case "application/strategic-merge-patch+json" -> {
                    if (!(patch instanceof ObjectNode object)) {
                        throw ApiException.badRequest("a strategic merge patch must be a JSON object");
                    }
                    yield StrategicMergePatch.apply(served, object, shapes.struct(path.resource().model()));
                }
                default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                        + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                        + "application/strategic-merge-patch+json", path.resource(), path.name());
            };
            if (!(patched instanceof ObjectNode object)) {
                throw ApiException.badRequest("the patch does not leave an object");
            }
            if (!object.path("metadata").path("name").asText("").equals(path.name())) {
                throw ApiException.badRequest("the name of the object (" + object.path("metadata").path("name").asText("")
                        + ") does not match the name on the URL (" + path.name() + ")");
            }
            if (!object.path("metadata").path("resourceVersion").asText("")
                    .equals(current.path("metadata").path("resourceVersion").asText(""))) {
                throw ApiException.conflict(path.resource(), path.name(),
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            Decoded decoded = check(path, object, query);
            ObjectNode stored = path.isStatus() ? withStatusOf(current, stored(path, decoded.object()))
                    : stored(path, decoded.object());
            return write(path, current, stored, query, decoded.warnings());
        });
    }

    private Reply write(ResourcePath path, ObjectNode current, ObjectNode stored, Map<String, String> query,
                        List<String> warnings) {
        Defaults.apply(path.resource().storage().kind(), stored);
        if (stored.equals(current) || dryRun(query)) {
            return Reply.json(200, served(path, stored), warnings); // a real server does not write a change of nothing
        }
        return written(path, path.name(), store.update(path.object().storePath(), stored), stored, 200, warnings);
    }

    Reply delete(ResourcePath path, Map<String, String> query, byte[] body) {
        JsonNode options = body == null || body.length == 0 ? json.createObjectNode() : parse(body, false);
        if (path.isCollection()) {
            return deleteCollection(path, query, options);
        }
        requireObject(path);
        return store.atomically(() -> {
            ObjectNode current = load(path);
            checkPreconditions(path, current, options.path("preconditions"));
            if (dryRun(query) || options.path("dryRun").isArray() && options.path("dryRun").size() > 0) {
                return Reply.json(200, served(path, current));
            }
            store.delete(path.storePath());
            // While finalizers remain the object stays, marked with a deletionTimestamp; else it is gone.
            return Reply.json(200, served(path, store.get(path.storePath()).orElse(current)));
        });
    }

    private Reply deleteCollection(ResourcePath path, Map<String, String> query, JsonNode options) {
        Predicate<JsonNode> selected = Selectors.of(query.get("labelSelector"), query.get("fieldSelector"), path.resource());
        List<ObjectNode> deleted = new ArrayList<>();
        store.atomically(() -> {
            for (ObjectNode stored : store.list(path.storePath()).items()) {
                ObjectNode served = served(path, stored);
                if (!selected.test(served)) {
                    continue;
                }
                ResourcePath one = new ResourcePath(path.resource(), served.path("metadata").path("namespace").asText(null),
                        served.path("metadata").path("name").asText(), null);
                if (!dryRun(query)) {
                    store.delete(one.storePath());
                }
                deleted.add(served);
            }
            return null;
        });
        return Reply.json(200, listOf(path.resource(), deleted, ""));
    }

    private void checkPreconditions(ResourcePath path, ObjectNode current, JsonNode preconditions) {
        for (String field : List.of("uid", "resourceVersion")) {
            String wanted = preconditions.path(field).asText("");
            String actual = current.path("metadata").path(field).asText("");
            if (!wanted.isEmpty() && !wanted.equals(actual)) {
                String label = field.equals("uid") ? "UID" : "ResourceVersion";
                throw ApiException.conflict(path.resource(), path.name(), "Precondition failed: " + label
                        + " in precondition: " + wanted + ", " + label + " in object meta: " + actual);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A body after decoding: the object (unknown fields removed) and the warnings to send. */
    private record Decoded(ObjectNode object, List<String> warnings) {
    }

    private Decoded decode(ResourcePath path, String contentType, byte[] body, Map<String, String> query) {
        boolean yaml = contentType != null && contentType.contains("yaml");
        JsonNode parsed = ProtobufBody.is(contentType) ? ProtobufBody.decode(body, path.resource()) : parse(body, yaml);
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request is not a JSON object");
        }
        ApiResource r = path.resource();
        if (!object.hasNonNull("kind")) {
            throw ApiException.badRequest("Object 'Kind' is missing in '" + new String(body, StandardCharsets.UTF_8) + "'");
        }
        if (!object.path("kind").asText().equals(r.kind()) || !object.path("apiVersion").asText("").equals(r.groupVersion())) {
            throw ApiException.badRequest("the object's kind and apiVersion (" + object.path("kind").asText() + ", "
                    + object.path("apiVersion").asText("") + ") do not match the resource (" + r.kind() + ", "
                    + r.groupVersion() + ")");
        }
        ObjectNode metadata = metadataOf(object);
        if (r.namespaced()) {
            String namespace = metadata.path("namespace").asText("");
            if (namespace.isEmpty()) {
                metadata.put("namespace", path.namespace());
            } else if (!namespace.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        } else {
            metadata.remove("namespace");
        }
        return check(path, object, query);
    }

    /** Checks a body against the kind's schema under the request's {@code fieldValidation}. */
    private Decoded check(ResourcePath path, ObjectNode object, Map<String, String> query) {
        String directive = query.getOrDefault("fieldValidation", "Warn");
        if (!List.of("Strict", "Warn", "Ignore").contains(directive)) {
            throw ApiException.badRequest("fieldValidation parameter unsupported: " + directive
                    + " (supported: Strict, Warn, Ignore)");
        }
        ApiResource r = path.resource();
        if (r.preservesUnknownFields()) {
            return new Decoded(object, List.of());
        }
        SchemaCheck.Findings findings = SchemaCheck.checkAndPrune(object, shapes.struct(r.model()));
        String handled = r.kind() + " in version \"" + r.version() + "\" cannot be handled as a " + r.kind() + ": ";
        if (findings.typeError().isPresent()) {
            throw ApiException.badRequest(handled + findings.typeError().get());
        }
        List<String> unknown = findings.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList();
        if (!unknown.isEmpty() && directive.equals("Strict")) {
            throw ApiException.badRequest(handled + "strict decoding error: " + String.join(", ", unknown));
        }
        return new Decoded(object, directive.equals("Warn") ? unknown : List.of());
    }

    private JsonNode parse(byte[] body, boolean yaml) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request has no body");
        }
        try {
            return yaml ? new YAMLMapper().readTree(body) : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        }
    }

    private void checkName(ApiResource resource, String name) {
        boolean label = resource.plural().equals("namespaces");
        Pattern rule = label ? LABEL : SUBDOMAIN;
        int max = label ? 63 : 253;
        if (name.length() > max || !rule.matcher(name).matches()) {
            String kind = label ? "a lowercase RFC 1123 label" : "a lowercase RFC 1123 subdomain";
            throw ApiException.invalid(resource, name, "metadata.name", "Invalid value: \"" + name + "\": " + kind
                    + " must consist of lower case alphanumeric characters" + (label ? " or '-'" : ", '-' or '.'")
                    + ", and must start and end with an alphanumeric character (at most " + max + " characters)");
        }
    }

    private ObjectNode load(ResourcePath path) {
        return store.get(path.object().storePath()).orElseThrow(() -> ApiException.notFound(path.resource(), path.name()));
    }

    private Reply written(ResourcePath path, String name, ObjectStore.Written written, ObjectNode sent, int okCode,
                          List<String> warnings) {
        if (written.ok()) {
            return Reply.json(okCode, served(path, written.object() == null ? sent : written.object()), warnings);
        }
        if (written.code() == 404) {
            throw ApiException.notFound(path.resource(), name);
        }
        if (written.code() == 409) {
            throw ApiException.conflict(path.resource(), name,
                    "the object has been modified; please apply your changes to the latest version and try again");
        }
        throw new ApiException(written.code(), written.code() == 422 ? "Invalid" : "InternalError",
                written.message().isEmpty() ? "the store refused the object" : written.message(), path.resource(), name);
    }

    private static void requireObject(ResourcePath path) {
        if (path.isCollection()) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                    path.resource(), null);
        }
    }

    private static ObjectNode withStatusOf(ObjectNode current, ObjectNode changed) {
        ObjectNode merged = current.deepCopy();
        JsonNode status = changed.get("status");
        if (status == null) {
            merged.remove("status");
        } else {
            merged.set("status", status);
        }
        return merged;
    }

    private ObjectNode served(ResourcePath path, ObjectNode stored) {
        ApiResource.Conversion conversion = path.resource().conversion();
        return conversion == null ? stored : conversion.fromStored(stored);
    }

    private ObjectNode stored(ResourcePath path, ObjectNode served) {
        ApiResource.Conversion conversion = path.resource().conversion();
        return conversion == null ? served : conversion.toStored(served);
    }

    private static boolean dryRun(Map<String, String> query) {
        return "All".equals(query.get("dryRun"));
    }

    private static JsonNode jsonPatch(JsonNode patch, ObjectNode served) {
        try {
            return JsonPatch.apply(patch, served);
        } catch (RuntimeException e) {
            throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage(), null, null);
        }
    }

    /** RFC 7386: objects merge, {@code null} removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode t ? t : patchObject.objectNode();
        patchObject.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                JsonNode current = result.get(e.getKey());
                result.set(e.getKey(), mergePatch(current == null ? null : current, e.getValue()));
            }
        });
        return result;
    }

    private static ObjectNode metadataOf(ObjectNode object) {
        return object.get("metadata") instanceof ObjectNode metadata ? metadata : object.putObject("metadata");
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
        }
        return suffix.toString();
    }
}
