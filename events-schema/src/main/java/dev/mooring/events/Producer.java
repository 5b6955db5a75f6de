package dev.mooring.events;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services that talk over Kafka: the name each signs its events with ({@code envelope.source}) and
 * authenticates to the broker as, and the topics it consumes. What each may write follows from the
 * {@link EventCatalog} (every event type has one producer), so the broker's ACLs, the Strimzi {@code KafkaUser}s
 * and the consumers' check of an event's origin all come from this one table.
 */
public enum Producer {
    PROVISIONER("provisioner-svc", Topic.VOLUMES, Topic.NODES, Topic.POOLS, Topic.ARRAYS),
    ATTACH("attach-svc", Topic.VOLUMES, Topic.ATTACHMENTS, Topic.POOLS, Topic.NODES, Topic.ARRAYS),
    HEALTH("health-svc", Topic.NODES),
    TOPOLOGY("topology-svc");

    private final String serviceName;
    private final Set<Topic> consumes;

    Producer(String serviceName, Topic... consumes) {
        this.serviceName = serviceName;
        this.consumes = consumes.length == 0 ? EnumSet.noneOf(Topic.class) : EnumSet.copyOf(List.of(consumes));
    }

    /** The service's name: its envelope {@code source}, Kafka user, consumer group and dead-letter topic suffix. */
    public String serviceName() {
        return serviceName;
    }

    /** The topics the service reads (its {@code mooring.kafka.consumes}). */
    public Set<Topic> consumes() {
        return consumes;
    }

    /** The topics the service writes: those of the event types it produces. */
    public Set<Topic> produces() {
        Set<Topic> topics = EnumSet.noneOf(Topic.class);
        EventCatalog.eventTypes().stream().filter(type -> EventCatalog.producerOf(type) == this)
                .forEach(type -> topics.add(EventCatalog.topicOf(type)));
        return topics;
    }

    /** The service's dead-letter topic, which it writes and reads (replay). */
    public String deadLetterTopic() {
        return Topic.deadLetterTopic(serviceName);
    }

    /** The producer named {@code serviceName}, or empty for a name that is not a Mooring service. */
    public static Optional<Producer> byServiceName(String serviceName) {
        for (Producer producer : values()) {
            if (producer.serviceName.equals(serviceName)) {
                return Optional.of(producer);
            }
        }
        return Optional.empty();
    }
}
