package dev.mooring.devstack.kubeapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v2 of the served kinds, in the only form kubectl reads it: gnostic's {@code openapi.v2.Document} as
 * protobuf ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf} from {@code /openapi/v2}). kubectl
 * 1.32 has no need of it (OpenAPI v3 announces server-side field validation); older clients — Debian's
 * kubernetes-client 1.20, the CI fallback — validate {@code kubectl apply} and {@code create} against it and take
 * their strategic-merge metadata from it. The same shapes as {@link OpenApiV3}; only what kubectl reads is written:
 * definitions (types, properties, items, additionalProperties, references, group-version-kind and patch
 * extensions) and the PATCH operations with the patch types they consume.
 */
final class OpenApiV2 {

    private static final String DEFINITIONS = "#/definitions/";
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json");

    private final byte[] document;

    OpenApiV2(ModelShapes shapes, String kubernetesVersion) {
        Map<String, byte[]> definitions = new LinkedHashMap<>();
        Proto paths = new Proto();
        for (ApiResource r : ApiResources.ALL) {
            Shape.Struct kind = shapes.struct(r.model());
            define(kind, definitions, gvkExtension(r.group(), r.version(), r.kind()));
            Proto patch = new Proto().string(5, "patch" + r.kind());
            PATCH_TYPES.forEach(type -> patch.string(7, type));
            patch.message(13, namedAny("x-kubernetes-group-version-kind", "group: \"" + r.group() + "\"\nkind: " + r.kind()
                    + "\nversion: " + r.version() + "\n"));
            String item = r.pathPrefix() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            paths.message(2, new Proto().string(1, item).message(2, new Proto().message(8, patch)));
        }
        Proto defs = new Proto();
        definitions.forEach((name, schema) -> defs.message(1, new Proto().string(1, name).bytes(2, schema)));
        this.document = new Proto().string(1, "2.0")
                .message(2, new Proto().string(1, "Kubernetes").string(2, kubernetesVersion))
                .message(8, paths).message(9, defs).toBytes();
    }

    byte[] document() {
        return document;
    }

    /** Writes a struct's schema and every struct it reaches into {@code definitions}, once each. */
    private void define(Shape.Struct struct, Map<String, byte[]> definitions, Proto extension) {
        if (definitions.containsKey(struct.definition())) {
            return;
        }
        definitions.put(struct.definition(), new byte[0]); // reserved: a type may refer to itself
        Proto properties = new Proto();
        for (Shape.Field field : struct.fields().values()) {
            Proto property = schemaOf(field.shape(), definitions);
            if (field.patchStrategy() != null) {
                property.message(31, namedAny("x-kubernetes-patch-strategy", field.patchStrategy() + "\n"));
            }
            if (field.mergeKey() != null) {
                property.message(31, namedAny("x-kubernetes-patch-merge-key", field.mergeKey() + "\n"));
            }
            properties.message(1, new Proto().string(1, field.name()).message(2, property));
        }
        Proto schema = new Proto().message(22, new Proto().string(1, "object")).message(25, properties);
        if (extension != null) {
            schema.message(31, extension);
        }
        definitions.put(struct.definition(), schema.toBytes());
    }

    private Proto schemaOf(Shape shape, Map<String, byte[]> definitions) {
        if (shape instanceof Shape.Struct struct) {
            define(struct, definitions, null);
            return new Proto().string(1, DEFINITIONS + struct.definition());
        }
        if (shape instanceof Shape.MapOf map) {
            return new Proto().message(21, new Proto().message(1, schemaOf(map.values(), definitions)))
                    .message(22, new Proto().string(1, "object"));
        }
        if (shape instanceof Shape.ListOf list) {
            return new Proto().message(22, new Proto().string(1, "array"))
                    .message(23, new Proto().message(1, schemaOf(list.items(), definitions)));
        }
        if (shape instanceof Shape.Scalar scalar) {
            return switch (scalar.type()) {
                // As Kubernetes publishes them in v2: strings (kubectl accepts any scalar for a string).
                case "quantity" -> new Proto().message(22, new Proto().string(1, "string"));
                case "int-or-string" -> new Proto().string(2, "int-or-string").message(22, new Proto().string(1, "string"));
                default -> {
                    Proto primitive = new Proto().message(22, new Proto().string(1, scalar.type()));
                    yield scalar.format().isEmpty() ? primitive : primitive.string(2, scalar.format());
                }
            };
        }
        return new Proto().message(22, new Proto().string(1, "object")); // free-form: a map of anything
    }

    private static Proto gvkExtension(String group, String version, String kind) {
        return namedAny("x-kubernetes-group-version-kind", "- group: \"" + group + "\"\n  kind: " + kind + "\n  version: "
                + version + "\n");
    }

    /** A vendor extension: its name and its value as YAML (gnostic's {@code NamedAny}). */
    private static Proto namedAny(String name, String yaml) {
        return new Proto().string(1, name).message(2, new Proto().string(2, yaml));
    }

    /** A protobuf message being written: fields in the order given, as the wire format wants them. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toBytes());
        }

        Proto bytes(int field, byte[] value) {
            varint((long) field << 3 | 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        private void varint(long value) {
            long v = value;
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
