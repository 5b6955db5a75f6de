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
import org.apache.kafka.common.errors.TopicExistsException;
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

    @ConfigProperty(name = "mooring.kafka.create-topics", defaultValue = "true")
    boolean createTopics;

    @ConfigProperty(name = "mooring.kafka.partitions", defaultValue = "" + Topic.DEFAULT_PARTITIONS)
    int partitions;

    @ConfigProperty(name = "mooring.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

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

    /** Creates every missing topic; waits for the broker up to the startup timeout. */
    public void ensureTopics() {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            wanted.add(new NewTopic(topic.topicName(), partitions, replicationFactor));
        }
        wanted.add(new NewTopic(Topic.deadLetterTopic(serviceName), partitions, replicationFactor));
        try (Admin admin = Admin.create(clients.config(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())))) {
            var results = admin.createTopics(wanted).values();
            int created = 0;
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created++;
                } catch (ExecutionException e) {
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
}
