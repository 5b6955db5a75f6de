package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One kind the stand-in API server serves: where it lives (group, version, plural), what it is (kind, scope,
 * short names), its fabric8 model (the source of its schema), how {@code kubectl get} prints it, which field
 * selectors it answers, and — for a second view of a stored kind, as {@code events.k8s.io/v1} is of core
 * Events — how it is converted. Discovery, OpenAPI, tables and validation are all derived from this.
 */
public record ApiResource(String group, String version, String plural, String kind, boolean namespaced,
                          List<String> shortNames, List<String> categories, Class<?> model, boolean statusSubresource,
                          Map<String, String> fieldLabels, List<Column> columns, ApiResource storedAs,
                          Conversion conversion, boolean preservesUnknownFields) {

    /** Verbs every resource of the stand-in supports, as a real API server lists them. */
    public static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    /** Verbs of a {@code status} subresource. */
    public static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /** {@code v1} for the core group, else {@code group/version}. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    public String listKind() {
        return kind + "List";
    }

    /** As Kubernetes names a resource in messages: {@code persistentvolumeclaims}, {@code storageclasses.storage.k8s.io}. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The resource whose store holds this one's objects (itself unless it is another view of a stored kind). */
    public ApiResource storage() {
        return storedAs == null ? this : storedAs;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}. */
    public String pathPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** Starts a core ({@code v1}) resource. */
    public static Builder core(String plural, String kind) {
        return new Builder("", "v1", plural, kind);
    }

    /** Starts a resource of a named group. */
    public static Builder of(String group, String version, String plural, String kind) {
        return new Builder(group, version, plural, kind);
    }

    /** How a view's objects are converted to and from the stored resource's form. */
    public interface Conversion {
        ObjectNode toStored(ObjectNode served);

        ObjectNode fromStored(ObjectNode stored);
    }

    /** Builds one line of the table in {@link ApiResources}. */
    public static final class Builder {
        private final String group;
        private final String version;
        private final String plural;
        private final String kind;
        private boolean namespaced;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private Class<?> model;
        private boolean preserves;
        private boolean status;
        private final Map<String, String> fieldLabels = new LinkedHashMap<>();
        private List<Column> columns = List.of();
        private ApiResource storedAs;
        private Conversion conversion;

        private Builder(String group, String version, String plural, String kind) {
            this.group = group;
            this.version = version;
            this.plural = plural;
            this.kind = kind;
            fieldLabels.put("metadata.name", "/metadata/name");
            fieldLabels.put("metadata.namespace", "/metadata/namespace");
        }

        public Builder namespaced() {
            this.namespaced = true;
            return this;
        }

        public Builder shortNames(String... names) {
            this.shortNames = List.of(names);
            return this;
        }

        public Builder categories(String... names) {
            this.categories = List.of(names);
            return this;
        }

        public Builder model(Class<?> type) {
            this.model = type;
            return this;
        }

        public Builder statusSubresource() {
            this.status = true;
            return this;
        }

        /** Field selector labels whose value is at the same dotted path in the object ({@code spec.nodeName}). */
        public Builder fields(String... labels) {
            for (String label : labels) {
                fieldLabels.put(label, "/" + label.replace('.', '/'));
            }
            return this;
        }

        /** A field selector label whose value is elsewhere (core Events' {@code source} is {@code source.component}). */
        public Builder field(String label, String jsonPointer) {
            fieldLabels.put(label, jsonPointer);
            return this;
        }

        public Builder columns(List<Column> printed) {
            this.columns = printed;
            return this;
        }

        /** This resource is another version's view of {@code stored}'s objects. */
        public Builder viewOf(ApiResource stored, Conversion converted) {
            this.storedAs = stored;
            this.conversion = converted;
            return this;
        }

        /**
         * A custom resource whose CRD keeps every field ({@code x-kubernetes-preserve-unknown-fields}): its objects are
         * stored as sent, not pruned to a fabric8 model's fields.
         */
        public Builder preservesUnknownFields() {
            this.preserves = true;
            return this;
        }

        public ApiResource build() {
            if (model == null) {
                throw new IllegalStateException(plural + ": no model class");
            }
            return new ApiResource(group, version, plural, kind, namespaced, shortNames, categories, model, status,
                    Map.copyOf(fieldLabels), columns, storedAs, conversion, preserves);
        }
    }
}
