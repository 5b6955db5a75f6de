package dev.mooring.kit.intake;

/** A record waiting in a redelivery job: where it came from, its bytes, and why it was parked. */
public record ParkedRecord(String channel, String topic, Integer partition, Long offset, String key, byte[] payload,
                           String reason) {
}
