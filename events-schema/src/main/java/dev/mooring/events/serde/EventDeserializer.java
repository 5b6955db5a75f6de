package dev.mooring.events.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Mooring events. It throws {@link EventDecodingException} for unknown or
 * malformed messages; Mooring's consumers read raw bytes and decode with {@link EventCodec} themselves so
 * that such a message goes, unchanged, to the dead-letter topic instead of stopping the consumer.
 */
public final class EventDeserializer implements Deserializer<SpecificRecord> {
    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.instance().decode(data);
    }
}
