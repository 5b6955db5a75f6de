package dev.mooring.events;

import java.util.Optional;

/**
 * The topic catalogue: every Mooring topic, its record key and its partition count, in one place.
 * {@code docs/events.md} describes the same catalogue for people.
 */
public enum Topic {
    ARRAYS("mooring.arrays", "array name"),
    NODES("mooring.nodes", "node name"),
    POOLS("mooring.pools", "node name"),
    VOLUMES("mooring.volumes", "volume id"),
    ATTACHMENTS("mooring.attachments", "volume id");

    /** Partitions per topic unless configured otherwise; the ceiling for consumer scale-out. */
    public static final int DEFAULT_PARTITIONS = 12;

    private static final String DEAD_LETTER_PREFIX = "mooring.dlq.";

    private final String topicName;
    private final String key;

    Topic(String topicName, String key) {
        this.topicName = topicName;
        this.key = key;
    }

    /** The Kafka topic name, e.g. {@code mooring.volumes}. */
    public String topicName() {
        return topicName;
    }

    /**
     * The name of the channel a service consumes this topic on ({@code volumes} for {@code mooring.volumes}):
     * {@code @Incoming("volumes")}. The kit configures each channel from this catalogue.
     */
    public String channel() {
        return topicName.substring(topicName.indexOf('.') + 1);
    }

    /** What the record key holds, for documentation and log lines. */
    public String key() {
        return key;
    }

    /** The dead-letter topic of one consuming service, e.g. {@code mooring.dlq.provisioner-svc}. */
    public static String deadLetterTopic(String consumingService) {
        if (consumingService == null || consumingService.isBlank()) {
            throw new IllegalArgumentException("consumingService must not be blank");
        }
        return DEAD_LETTER_PREFIX + consumingService;
    }

    /** The topic consumed on a channel ({@code volumes} → {@code mooring.volumes}), if the catalogue has one. */
    public static Optional<Topic> byChannel(String channel) {
        for (Topic topic : values()) {
            if (topic.channel().equals(channel)) {
                return Optional.of(topic);
            }
        }
        return Optional.empty();
    }

    /** Looks a topic up by its Kafka name. */
    public static Topic byName(String topicName) {
        for (Topic topic : values()) {
            if (topic.topicName.equals(topicName)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("Unknown Mooring topic: " + topicName);
    }
}
