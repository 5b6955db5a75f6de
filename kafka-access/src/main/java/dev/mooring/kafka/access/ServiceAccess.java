package dev.mooring.kafka.access;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One service's rights on the broker: it writes the topics of the events it produces and its own dead-letter topic,
 * reads the topics it consumes (and its dead-letter topic, to replay), in its own consumer group — nothing else. No
 * topic creation, no cluster rights: the topics are the operator's (Strimzi {@code KafkaTopic}s, the local stack).
 *
 * @param user   the Kafka user, the service's name ({@code User:provisioner-svc})
 * @param writes topics it may write
 * @param reads  topics it may read
 */
public record ServiceAccess(String user, Set<String> writes, Set<String> reads) {

    public ServiceAccess {
        writes = Set.copyOf(new TreeSet<>(writes));
        reads = Set.copyOf(new TreeSet<>(reads));
    }

    /** A Mooring service's rights, from the producer table. */
    public static ServiceAccess of(Producer producer) {
        Set<String> writes = new TreeSet<>();
        producer.produces().forEach(topic -> writes.add(topic.topicName()));
        writes.add(producer.deadLetterTopic());
        Set<String> reads = new TreeSet<>();
        producer.consumes().forEach(topic -> reads.add(topic.topicName()));
        reads.add(producer.deadLetterTopic());
        return new ServiceAccess(producer.serviceName(), writes, reads);
    }

    /** Every Mooring service's rights. */
    public static List<ServiceAccess> ofAllServices() {
        return java.util.Arrays.stream(Producer.values()).map(ServiceAccess::of).toList();
    }

    /** A consumer of the given catalogue topics that writes only its dead letters (a test service, a tool). */
    public static ServiceAccess consumer(String user, Set<Topic> consumes) {
        Set<String> reads = new TreeSet<>();
        consumes.forEach(topic -> reads.add(topic.topicName()));
        reads.add(Topic.deadLetterTopic(user));
        return new ServiceAccess(user, Set.of(Topic.deadLetterTopic(user)), reads);
    }

    /** The consumer group the service reads in: its name (the kit's channels use it). */
    public String group() {
        return user;
    }

    /** The ACLs that grant exactly these rights (Describe comes with each, as clients look topics up). */
    public List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : new TreeSet<>(writes)) {
            acls.add(allow(ResourceType.TOPIC, topic, AclOperation.WRITE));
        }
        for (String topic : new TreeSet<>(reads)) {
            acls.add(allow(ResourceType.TOPIC, topic, AclOperation.READ));
        }
        Set<String> described = new TreeSet<>(writes);
        described.addAll(reads);
        for (String topic : described) {
            acls.add(allow(ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }
        if (!reads.isEmpty()) {
            acls.add(allow(ResourceType.GROUP, group(), AclOperation.READ));
        }
        return acls;
    }

    private AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
