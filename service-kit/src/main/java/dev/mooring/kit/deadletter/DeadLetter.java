package dev.mooring.kit.deadletter;

import java.util.UUID;

/**
 * What could never be handled, with why. For an event: the channel and Kafka coordinates it came from and its
 * record as it was; for a job ({@code channel} {@code job:<kind>}): the job's key and payload.
 */
public record DeadLetter(String channel, String topic, Integer partition, Long offset, String key, UUID eventId,
                         String eventType, String correlationId, String reason, int attempts, byte[] payload) {

    public static final String JOB_PREFIX = "job:";

    public boolean fromJob() {
        return channel.startsWith(JOB_PREFIX);
    }
}
