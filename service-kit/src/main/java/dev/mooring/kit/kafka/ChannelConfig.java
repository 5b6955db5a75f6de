package dev.mooring.kit.kafka;

import dev.mooring.events.Topic;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Kafka channel settings of every service, derived from the {@link Topic} catalogue instead of copied into
 * each {@code application.properties}: channel {@code <topic.channel()>} reads {@code <topic>} in the consumer
 * group named after the service, from the earliest offset when the group is new, as raw bytes (the kit decodes
 * the Avro), and anything the kit cannot handle goes to the service's dead-letter topic.
 *
 * <p>A service names the topics it consumes ({@code mooring.kafka.consumes=volumes,nodes}) and writes
 * {@code @Incoming("volumes")}; SmallRye creates a consumer for every configured channel, so only those are
 * configured ({@link ConsumedChannelsCheck} fails the start when the two disagree). The ordinal is below
 * {@code application.properties}, so a service (or an operator, by environment variable) may still override a
 * key, e.g. {@code mp.messaging.incoming.volumes.partitions}.
 */
public class ChannelConfig implements ConfigSourceFactory {

    /** The channels (topics of the catalogue) a service consumes, comma-separated. */
    public static final String CONSUMES = "mooring.kafka.consumes";

    /** Below application.properties (250), environment variables (300) and system properties (400). */
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String service = valueOf(context, "quarkus.application.name", "mooring");
        List<Topic> consumed = consumed(valueOf(context, CONSUMES, ""));
        return List.of(new PropertiesConfigSource(settings(service, consumed), "mooring-kafka-channels", ORDINAL));
    }

    private static String valueOf(ConfigSourceContext context, String key, String fallback) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The topics named in {@code mooring.kafka.consumes} (channel names, comma-separated). */
    static List<Topic> consumed(String channels) {
        List<Topic> topics = new ArrayList<>();
        for (String channel : channels.split(",")) {
            String name = channel.trim();
            if (name.isEmpty()) {
                continue;
            }
            topics.add(Topic.byChannel(name)
                    .orElseThrow(() -> new IllegalArgumentException(CONSUMES + ": '" + name + "' is not a topic of the"
                            + " catalogue; known channels: " + Arrays.stream(Topic.values()).map(Topic::channel).toList())));
        }
        return topics;
    }

    /** The settings of the channels of the {@code consumed} topics for the consuming {@code service}. */
    public static Map<String, String> settings(String service, List<Topic> consumed) {
        Map<String, String> settings = new TreeMap<>();
        for (Topic topic : consumed) {
            String prefix = "mp.messaging.incoming." + topic.channel() + ".";
            settings.put(prefix + "topic", topic.topicName());
            settings.put(prefix + "group.id", service);
            settings.put(prefix + "auto.offset.reset", "earliest");
            // An instance killed without leaving its group holds its partitions until the session times out: 15 s
            // (Kafka's default is 45 s) so the other replica takes them over well inside the two-minute rule.
            settings.put(prefix + "session.timeout.ms", "15000");
            settings.put(prefix + "heartbeat.interval.ms", "3000");
            // The connector pauses its consumer while the one event in hand is handled, and resumes it only when its
            // poll returns: with SmallRye's 1 s poll timeout, an event arriving just then waited up to a second
            // (half the attaches of bench-publish took ~1.05 s instead of ~50 ms between commit and consumer).
            settings.put(prefix + "poll-timeout", "100");
            settings.put(prefix + "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
            // The intake opens each event's span itself, under the context its relay sent (tracing/EventTraceContext);
            // the connector's own span would be a second, empty consumer span beside it.
            settings.put(prefix + "tracing-enabled", "false");
            // The kit dead-letters what it cannot handle itself; this strategy is the fallback for a record that
            // fails before the kit sees it.
            settings.put(prefix + "failure-strategy", "dead-letter-queue");
            settings.put(prefix + "dead-letter-queue.topic", Topic.deadLetterTopic(service));
            settings.put(prefix + "dead-letter-queue.value.serializer",
                    "org.apache.kafka.common.serialization.ByteArraySerializer");
        }
        return settings;
    }
}
