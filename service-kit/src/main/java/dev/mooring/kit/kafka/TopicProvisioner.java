package dev.mooring.kit.kafka;

import dev.mooring.events.Topic;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the catalogue's topics and this service's dead-letter topic with their configured partition
 * counts before consumers start, so nothing depends on broker auto-creation (which would give one
 * partition). Existing topics are left as they are. Disable where topics are managed elsewhere (Strimzi).
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    /**
     * Create missing catalogue topics and this service's dead-letter topic at start; off where ACLs forbid it (the
     * operator's KafkaTopics must exist).
     */
    @ConfigProperty(name = "mooring.kafka.create-topics", defaultValue = "true")
    boolean createTopics;

    /** Partitions of the topics created at start: the most instances of one service that share a topic's work. */
    @ConfigProperty(name = "mooring.kafka.partitions", defaultValue = "" + Topic.DEFAULT_PARTITIONS)
    int partitions;

    /** Replication factor of the topics created at start. */
    @ConfigProperty(name = "mooring.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    /** How long the start waits for the broker to list and create topics before it fails. */
    @ConfigProperty(name = "mooring.kafka.startup-timeout", defaultValue = "60s")
    Duration timeout;

    @Inject
    KafkaClients clients;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String serviceName;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 20) StartupEvent event) {
        if (createTopics) {
            ensureTopics();
        }
    }

    /**
     * Creates every missing topic; waits for the broker up to the startup timeout. On a broker with ACLs a service may
     * see only its own topics and create none: a topic it cannot see is not its own and is left alone; a topic it
     * needs that is missing is the operator's to create, and the error says so.
     */
    public void ensureTopics() {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            wanted.add(new NewTopic(topic.topicName(), partitions, replicationFactor));
        }
        wanted.add(new NewTopic(Topic.deadLetterTopic(serviceName), partitions, replicationFactor));
        try (Admin admin = Admin.create(clients.config(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())))) {
            List<NewTopic> missing = missing(admin, wanted);
            var results = admin.createTopics(missing).values();
            int created = 0;
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created++;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicAuthorizationException) {
                        throw new IllegalStateException("Topic " + entry.getKey() + " does not exist and this service"
                                + " may not create it: create it on the broker (a KafkaTopic with Strimzi)", e.getCause());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            LOG.infof("Kafka topics ready at %s (%d created, %d partitions each)", clients.bootstrapServers(), created, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + clients.bootstrapServers() + " did not answer within " + timeout, e);
        }
    }

    /** The wanted topics that do not exist (those this service may not even see are not its own: skipped). */
    private List<NewTopic> missing(Admin admin, List<NewTopic> wanted)
            throws InterruptedException, TimeoutException {
        var described = admin.describeTopics(wanted.stream().map(NewTopic::name).toList()).topicNameValues();
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : wanted) {
            try {
                described.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else if (!(e.getCause() instanceof TopicAuthorizationException)) {
                    throw new IllegalStateException("Cannot look topic " + topic.name() + " up: "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        return missing;
    }
}
