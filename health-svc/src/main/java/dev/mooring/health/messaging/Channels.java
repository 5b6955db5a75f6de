package dev.mooring.health.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The incoming channels of health-svc; application.properties maps each to its topic and dead-letter topic. */
public final class Channels {

    /** {@code mooring.nodes}: node observations, topology, liveness and takeover facts. */
    public static final String NODES = "nodes";

    /** {@code mooring.arrays}: array registration and ActiveCluster pod status. */
    public static final String ARRAYS = "arrays";

    private Channels() {
    }

    /** The topic a message was read from. */
    static String topicOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic)
                .orElseThrow(() -> new IllegalStateException("Not a Kafka message: no incoming record metadata"));
    }
}
