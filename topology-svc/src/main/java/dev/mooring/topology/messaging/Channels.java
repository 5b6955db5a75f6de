package dev.mooring.topology.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The incoming channel of topology-svc; application.properties maps it to its topic and dead-letter topic. */
public final class Channels {

    /** {@code mooring.nodes}: node observations, topology, liveness and takeover facts. */
    public static final String NODES = "nodes";

    private Channels() {
    }

    /** The topic a message was read from. */
    static String topicOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic)
                .orElseThrow(() -> new IllegalStateException("Not a Kafka message: no incoming record metadata"));
    }
}
