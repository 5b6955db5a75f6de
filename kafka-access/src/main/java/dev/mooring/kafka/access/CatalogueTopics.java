package dev.mooring.kafka.access;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics a broker of Mooring holds, made by its operator (the services may create none): every topic of the
 * catalogue and every service's dead-letter topic, as the KafkaTopics of {@code k8s/base/kafka.yaml}.
 */
public final class CatalogueTopics {

    private CatalogueTopics() {
    }

    /** The catalogue's topics and each service's dead-letter topic. */
    public static List<NewTopic> all(int partitions, short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(new NewTopic(topic.topicName(), partitions, replicationFactor));
        }
        for (Producer producer : Producer.values()) {
            topics.add(new NewTopic(producer.deadLetterTopic(), partitions, replicationFactor));
        }
        return topics;
    }

    /** Creates the topics that do not exist yet; those that do are left as they are. */
    public static void create(Admin admin, List<NewTopic> topics, Duration timeout) {
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + result.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + result.getKey(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + result.getKey() + " within " + timeout, e);
            }
        }
    }
}
