package dev.mooring.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = EventCodec.instance();

    @Test
    void aVolumeRequestRoundTripsWithItsEnvelopeAndParameters() {
        VolumeRequested requested = VolumeRequested.newBuilder()
                .setEnvelope(envelope("vol-1"))
                .setVolumeId("vol-1")
                .setName("db-data")
                .setSizeBytes(10L * 1024 * 1024 * 1024)
                .setBackend("pure_block")
                .setPodName("pod1")
                .setMaxIops(5000L)
                .setParameters(Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"))
                .build();

        SpecificRecord decoded = codec.decode(codec.encode(requested));

        assertThat(decoded).isInstanceOf(VolumeRequested.class).isEqualTo(requested);
        assertThat(EventCatalog.envelopeOf(decoded).getKey()).isEqualTo("vol-1");
        assertThat(codec.describeWriter(codec.encode(requested))).isEqualTo("VolumeRequested v2 (current)");
    }

    @Test
    void eachMessageNamesItsWriterSchemaByFingerprint() {
        VolumeProvisioningFailed failed = VolumeProvisioningFailed.newBuilder()
                .setEnvelope(envelope("vol-2"))
                .setVolumeId("vol-2")
                .setFailure(Failure.newBuilder().setReason("NoArrayRegistered")
                        .setMessage("No FlashArray is registered").build())
                .build();

        byte[] bytes = codec.encode(failed);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(EventCodec.fingerprintOf(bytes))
                .isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(VolumeProvisioningFailed.getClassSchema()));
        assertThat(codec.decode(bytes)).isEqualTo(failed);
    }

    @Test
    void aMessageWrittenByAnOlderReleasedVersionIsReadIntoTheCurrentClassWithDefaults() throws Exception {
        EventCodec codecWithOlderRelease = new EventCodec("/older-releases/");
        Schema older;
        try (InputStream in = getClass().getResourceAsStream(
                "/older-releases/dev.mooring.events.volumes.VolumeDeleted/v1.avsc")) {
            older = new Schema.Parser().parse(in);
        }
        GenericRecord oldEnvelope = new GenericRecordBuilder(older.getField("envelope").schema())
                .set("eventId", UUID.randomUUID().toString())
                .set("occurredAt", Instant.now().toEpochMilli())
                .set("source", "provisioner-svc")
                .set("correlationId", "corr-1")
                .set("key", "vol-3")
                .build();
        GenericRecord oldEvent = new GenericRecordBuilder(older)
                .set("envelope", oldEnvelope).set("volumeId", "vol-3").build();
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(oldEvent);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        SpecificRecord decoded = codecWithOlderRelease.decode(bytes);

        assertThat(decoded).isInstanceOf(VolumeDeleted.class);
        VolumeDeleted deleted = (VolumeDeleted) decoded;
        assertThat(deleted.getVolumeId()).isEqualTo("vol-3");
        assertThat(deleted.getArrayVolumeName()).isNull();
        assertThat(deleted.getArrays()).isEmpty();
        assertThat(codecWithOlderRelease.describeWriter(bytes)).isEqualTo("VolumeDeleted v1");
        assertThatThrownBy(() -> codec.decode(bytes))
                .as("the production codec never released that imagined version")
                .isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    void aMessageFromAnUnknownSchemaIsRefusedWithItsFingerprint() {
        byte[] bytes = codec.encode(VolumeDeleted.newBuilder().setEnvelope(envelope("v")).setVolumeId("v")
                .setArrays(List.of()).build());
        bytes[2] ^= 0x5A; // another writer schema's fingerprint

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("Unknown writer schema fingerprint");
        assertThat(codec.describeWriter(bytes)).startsWith("unknown schema");
    }

    @Test
    void bytesThatAreNotAnEventAreMalformed() {
        assertThatThrownBy(() -> codec.decode("{\"json\":true}".getBytes()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("C3 01");
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xC3, 0x01}))
                .isInstanceOf(MalformedEventException.class);
        assertThat(codec.describeWriter(new byte[] {1, 2, 3})).isEqualTo("not an event");
    }

    @Test
    void aTruncatedBodyIsMalformedNotACrash() {
        byte[] bytes = codec.encode(VolumeDeleted.newBuilder().setEnvelope(envelope("v")).setVolumeId("vol-4")
                .setArrays(List.of("array-a")).build());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 8);

        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void kafkaSerdeUsesTheSameEncoding() {
        VolumeDeleted deleted = VolumeDeleted.newBuilder().setEnvelope(envelope("v5")).setVolumeId("v5")
                .setArrays(List.of("array-a", "array-b")).build();
        try (var serializer = new EventSerializer(); var deserializer = new EventDeserializer()) {
            byte[] bytes = serializer.serialize("mooring.volumes", deleted);
            assertThat(deserializer.deserialize("mooring.volumes", bytes)).isEqualTo(deleted);
            assertThat(serializer.serialize("mooring.volumes", null)).isNull();
        }
    }

    @Test
    void anUncataloguedRecordCannotBeEncoded() {
        assertThatThrownBy(() -> codec.encode(envelope("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a catalogued Mooring event");
    }

    static EventEnvelope envelope(String key) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSource("provisioner-svc")
                .setCorrelationId("corr-" + key)
                .setKey(key)
                .build();
    }
}
