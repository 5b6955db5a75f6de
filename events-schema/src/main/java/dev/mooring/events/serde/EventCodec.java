package dev.mooring.events.serde;

import dev.mooring.events.EventCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes events with Avro single-object encoding ({@code C3 01}, the writer schema's 8-byte fingerprint,
 * then the body) and decodes them by resolving the fingerprint against the schemas compiled into this
 * module — the current one of each event and every released version kept under
 * {@code dev/mooring/events/released/}. No schema registry is needed: the message names its writer.
 */
public final class EventCodec {

    /** Where released schema versions live: {@code released/<full name>/v1.avsc}, v2, … */
    static final String RELEASED_ROOT = "/dev/mooring/events/released/";

    private static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};
    private static final int HEADER_LENGTH = 10;
    private static final EventCodec INSTANCE = new EventCodec(RELEASED_ROOT);

    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new HashMap<>();
    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decoderByFingerprint = new HashMap<>();
    private final Map<Long, String> writerByFingerprint = new HashMap<>();

    /** Visible for tests, which keep extra "released" versions under another root. */
    EventCodec(String releasedRoot) {
        for (Class<? extends SpecificRecord> type : EventCatalog.eventTypes()) {
            Schema current = currentSchema(type);
            SpecificData model = modelFor(type);
            encoders.put(type, new BinaryMessageEncoder<>(model, current));
            BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, current);
            List<Schema> released = releasedSchemas(releasedRoot, current.getFullName());
            for (int i = 0; i < released.size(); i++) {
                decoder.addSchema(released.get(i));
                register(decoder, released.get(i), type.getSimpleName() + " v" + (i + 1));
            }
            long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
            String releasedAs = writerByFingerprint.get(currentFingerprint);
            register(decoder, current, releasedAs != null
                    ? releasedAs + " (current)"
                    : type.getSimpleName() + " (current, not yet released)");
        }
    }

    /** The one codec of this process; it is immutable after construction and safe to share. */
    public static EventCodec instance() {
        return INSTANCE;
    }

    /** Encodes a catalogued event with its current schema. */
    public byte[] encode(SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(event.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("Not a catalogued Mooring event: " + event.getClass().getName());
        }
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a message into the current class of its event type, whichever known version wrote it.
     *
     * @throws UnknownSchemaException when the writer's fingerprint is not one this module knows
     * @throws MalformedEventException when the bytes are not a single-object-encoded event
     */
    public SpecificRecord decode(byte[] message) {
        long fingerprint = fingerprintOf(message);
        BinaryMessageDecoder<SpecificRecord> decoder = decoderByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new UnknownSchemaException(fingerprint);
        }
        try {
            return decoder.decode(message);
        } catch (MissingSchemaException | BadHeaderException e) {
            throw new MalformedEventException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("Body does not match schema "
                    + writerByFingerprint.get(fingerprint) + ": " + e.getMessage(), e);
        }
    }

    /** Which known schema wrote a message, e.g. {@code "VolumeRequested v1"}; for logs and dead letters. */
    public String describeWriter(byte[] message) {
        try {
            long fingerprint = fingerprintOf(message);
            return writerByFingerprint.getOrDefault(fingerprint, "unknown schema " + Long.toHexString(fingerprint));
        } catch (MalformedEventException e) {
            return "not an event";
        }
    }

    /** The 64-bit Rabin fingerprint from a single-object-encoded message's header. */
    public static long fingerprintOf(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH || message[0] != MAGIC[0] || message[1] != MAGIC[1]) {
            throw new MalformedEventException("Not an Avro single-object-encoded message (missing C3 01 header)");
        }
        return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The schema the given event type is written with today. */
    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }

    /** The released versions of a schema, oldest first; empty when none was released yet. */
    public static List<Schema> releasedSchemas(String fullName) {
        return releasedSchemas(RELEASED_ROOT, fullName);
    }

    static List<Schema> releasedSchemas(String root, String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = root + fullName + "/v" + version + ".avsc";
            try (InputStream in = EventCodec.class.getResourceAsStream(path)) {
                if (in == null) {
                    return Collections.unmodifiableList(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + path, e);
            }
        }
    }

    /**
     * A model that instantiates the generated class through the class's own loader (with the logical-type
     * conversions the generated code declares). Resolving it by name instead can pick the class from
     * another loader in containers with layered class loaders (Quarkus tests), and fail to cast.
     */
    private static SpecificData modelFor(Class<? extends SpecificRecord> type) {
        SpecificData model = new SpecificData(type.getClassLoader());
        SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
        return model;
    }

    private void register(BinaryMessageDecoder<SpecificRecord> decoder, Schema schema, String description) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        decoderByFingerprint.put(fingerprint, decoder);
        writerByFingerprint.put(fingerprint, description);
    }
}
