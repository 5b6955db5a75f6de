package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal as the API server words it: an HTTP code, a {@code reason} ({@code NotFound}, {@code AlreadyExists},
 * {@code Conflict}, {@code Invalid}, {@code BadRequest}, …) and a message, sent as a {@code Status} — which
 * kubectl prints as {@code Error from server (<reason>): <message>}.
 */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final ApiResource resource;
    private final String name;
    private final ObjectNode cause;

    public ApiException(int code, String reason, String message, ApiResource resource, String name) {
        this(code, reason, message, resource, name, null);
    }

    private ApiException(int code, String reason, String message, ApiResource resource, String name, ObjectNode cause) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.resource = resource;
        this.name = name;
        this.cause = cause;
    }

    public static ApiException notFound(ApiResource resource, String name) {
        return new ApiException(404, "NotFound", resource.qualifiedName() + " \"" + name + "\" not found", resource, name);
    }

    public static ApiException alreadyExists(ApiResource resource, String name) {
        return new ApiException(409, "AlreadyExists", resource.qualifiedName() + " \"" + name + "\" already exists",
                resource, name);
    }

    public static ApiException conflict(ApiResource resource, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource.qualifiedName() + " \""
                + name + "\": " + why, resource, name);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null);
    }

    /**
     * 422: the object breaks a rule; {@code field} and {@code why} as {@code metadata.name: Invalid value: …}, also
     * as the Status's cause, from which kubectl words {@code The StorageClass "x" is invalid: …}.
     */
    public static ApiException invalid(ApiResource resource, String name, String field, String why) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode()
                .put("reason", why.startsWith("Required value") ? "FieldValueRequired" : "FieldValueInvalid")
                .put("message", why).put("field", field);
        return new ApiException(422, "Invalid", resource.kind() + (resource.group().isEmpty() ? "" : "." + resource.group())
                + " \"" + name + "\" is invalid: " + field + ": " + why, resource, name, cause);
    }

    public int code() {
        return code;
    }

    /** The {@code Status} object the server answers with. */
    public ObjectNode status() {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (resource != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (!resource.group().isEmpty()) {
                details.put("group", resource.group());
            }
            // An Invalid status names the kind (kubectl prints "The StorageClass … is invalid"), the others the resource.
            details.put("kind", cause == null ? resource.plural() : resource.kind());
            if (cause != null) {
                details.putArray("causes").add(cause);
            }
        }
        status.put("code", code);
        return status;
    }
}
