package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Kubernetes protobuf bodies kubectl sends when it builds an object itself ({@code kubectl create
 * secret generic}, {@code create configmap}, {@code create namespace} use the typed client, which writes
 * {@code application/vnd.kubernetes.protobuf}): the {@code k8s\0} envelope ({@code runtime.Unknown}) and the
 * messages of those kinds, by the field numbers of Kubernetes' {@code generated.proto}. Other kinds are answered
 * 415, naming what is read.
 */
final class ProtobufBody {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private enum Type { STRING, BYTES, BOOL, INT, TIME, MESSAGE, STRING_MAP, BYTES_MAP }

    /** One field of a message: its JSON name, type, whether repeated, and (for messages) the message's name. */
    private record Field(String name, Type type, boolean repeated, String message) {
        static Field of(String name, Type type) {
            return new Field(name, type, false, null);
        }

        static Field list(String name, Type type) {
            return new Field(name, type, true, null);
        }

        static Field message(String name, String message, boolean repeated) {
            return new Field(name, Type.MESSAGE, repeated, message);
        }
    }

    /** Field numbers of the messages read, from Kubernetes' generated.proto files. */
    private static final Map<String, Map<Integer, Field>> MESSAGES = Map.of(
            "Secret", Map.of(1, Field.message("metadata", "ObjectMeta", false), 2, Field.of("data", Type.BYTES_MAP),
                    3, Field.of("type", Type.STRING), 4, Field.of("stringData", Type.STRING_MAP),
                    5, Field.of("immutable", Type.BOOL)),
            "ConfigMap", Map.of(1, Field.message("metadata", "ObjectMeta", false), 2, Field.of("data", Type.STRING_MAP),
                    3, Field.of("binaryData", Type.BYTES_MAP), 4, Field.of("immutable", Type.BOOL)),
            "Namespace", Map.of(1, Field.message("metadata", "ObjectMeta", false),
                    2, Field.message("spec", "NamespaceSpec", false), 3, Field.message("status", "NamespaceStatus", false)),
            "NamespaceSpec", Map.of(1, Field.list("finalizers", Type.STRING)),
            "NamespaceStatus", Map.of(1, Field.of("phase", Type.STRING)),
            "ObjectMeta", Map.ofEntries(Map.entry(1, Field.of("name", Type.STRING)),
                    Map.entry(2, Field.of("generateName", Type.STRING)), Map.entry(3, Field.of("namespace", Type.STRING)),
                    Map.entry(5, Field.of("uid", Type.STRING)), Map.entry(6, Field.of("resourceVersion", Type.STRING)),
                    Map.entry(7, Field.of("generation", Type.INT)), Map.entry(8, Field.of("creationTimestamp", Type.TIME)),
                    Map.entry(9, Field.of("deletionTimestamp", Type.TIME)),
                    Map.entry(10, Field.of("deletionGracePeriodSeconds", Type.INT)),
                    Map.entry(11, Field.of("labels", Type.STRING_MAP)), Map.entry(12, Field.of("annotations", Type.STRING_MAP)),
                    Map.entry(13, Field.message("ownerReferences", "OwnerReference", true)),
                    Map.entry(14, Field.list("finalizers", Type.STRING))),
            "OwnerReference", Map.of(1, Field.of("kind", Type.STRING), 3, Field.of("name", Type.STRING),
                    4, Field.of("uid", Type.STRING), 5, Field.of("apiVersion", Type.STRING), 6, Field.of("controller", Type.BOOL),
                    7, Field.of("blockOwnerDeletion", Type.BOOL)));

    private ProtobufBody() {
    }

    /** The object a protobuf body holds, as JSON with its apiVersion and kind. */
    static ObjectNode decode(byte[] body, ApiResource resource) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw ApiException.badRequest("a protobuf body must start with the Kubernetes envelope (k8s\\0)");
        }
        Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String apiVersion = "";
        String kind = "";
        byte[] raw = null;
        while (unknown.more()) {
            int tag = unknown.varintInt();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                Reader typeMeta = new Reader(unknown.bytes());
                while (typeMeta.more()) {
                    int t = typeMeta.varintInt();
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        apiVersion = typeMeta.string();
                    } else if (t >>> 3 == 2 && (t & 7) == 2) {
                        kind = typeMeta.string();
                    } else {
                        typeMeta.skip(t & 7);
                    }
                }
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                raw = unknown.bytes();
            } else {
                unknown.skip(tag & 7);
            }
        }
        if (raw == null || !MESSAGES.containsKey(kind)) {
            throw new ApiException(415, "UnsupportedMediaType", "devstack's Kubernetes API stand-in reads protobuf bodies of "
                    + "Secrets, ConfigMaps and Namespaces only (got " + (kind.isEmpty() ? "none" : kind) + "); send "
                    + "application/json", resource, null);
        }
        ObjectNode object = message(new Reader(raw), kind);
        ObjectNode typed = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        typed.setAll(object);
        return typed;
    }

    private static ObjectNode message(Reader in, String name) {
        Map<Integer, Field> fields = MESSAGES.get(name);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        while (in.more()) {
            int tag = in.varintInt();
            Field field = fields.get(tag >>> 3);
            if (field == null) {
                in.skip(tag & 7);
                continue;
            }
            switch (field.type()) {
                case STRING -> {
                    String value = in.string();
                    if (!value.isEmpty() || field.repeated()) {
                        put(out, field, value); // Go's JSON leaves empty strings out (omitempty)
                    }
                }
                case BOOL -> out.put(field.name(), in.varint() != 0);
                case INT -> {
                    long value = in.varint();
                    if (value != 0) {
                        out.put(field.name(), value);
                    }
                }
                case TIME -> {
                    String time = time(new Reader(in.bytes()));
                    if (time != null) {
                        out.put(field.name(), time);
                    }
                }
                case MESSAGE -> {
                    ObjectNode child = message(new Reader(in.bytes()), field.message());
                    if (field.repeated()) {
                        array(out, field.name()).add(child);
                    } else {
                        out.set(field.name(), child);
                    }
                }
                case STRING_MAP, BYTES_MAP -> {
                    Reader entry = new Reader(in.bytes());
                    String key = "";
                    String value = "";
                    while (entry.more()) {
                        int t = entry.varintInt();
                        if (t >>> 3 == 1) {
                            key = entry.string();
                        } else if (t >>> 3 == 2) {
                            byte[] bytes = entry.bytes();
                            value = field.type() == Type.BYTES_MAP ? Base64.getEncoder().encodeToString(bytes)
                                    : new String(bytes, StandardCharsets.UTF_8);
                        } else {
                            entry.skip(t & 7);
                        }
                    }
                    (out.get(field.name()) instanceof ObjectNode map ? map : out.putObject(field.name())).put(key, value);
                }
                default -> out.put(field.name(), Base64.getEncoder().encodeToString(in.bytes()));
            }
        }
        return out;
    }

    private static void put(ObjectNode out, Field field, String value) {
        if (field.repeated()) {
            array(out, field.name()).add(value);
        } else {
            out.put(field.name(), value);
        }
    }

    private static ArrayNode array(ObjectNode out, String name) {
        return out.get(name) instanceof ArrayNode existing ? existing : out.putArray(name);
    }

    private static String time(Reader in) {
        long seconds = 0;
        while (in.more()) {
            int t = in.varintInt();
            if (t >>> 3 == 1) {
                seconds = in.varint();
            } else {
                in.skip(t & 7);
            }
        }
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds).toString(); // Go's zero Time is left out
    }

    /** Protobuf's wire format: varints and length-delimited fields. */
    private static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return at < data.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) {
                    throw ApiException.badRequest("a truncated protobuf body");
                }
                byte b = data[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw ApiException.badRequest("a malformed varint in the protobuf body");
        }

        int varintInt() {
            return (int) varint();
        }

        byte[] bytes() {
            int length = varintInt();
            if (length < 0 || at + length > data.length) {
                throw ApiException.badRequest("a truncated protobuf body");
            }
            byte[] out = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> bytes();
                case 5 -> at += 4;
                default -> throw ApiException.badRequest("an unknown protobuf wire type " + wireType);
            }
        }
    }

    /** Whether a content type is Kubernetes protobuf. */
    static boolean is(String contentType) {
        return Optional.ofNullable(contentType).map(c -> c.contains("application/vnd.kubernetes.protobuf")).orElse(false);
    }
}
