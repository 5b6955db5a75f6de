package dev.mooring.testing;

import dev.mooring.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logging.Logger;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) inside the test JVM, built from the
 * Apache Kafka jars on Maven Central — no Docker. One per JVM, started on first use, stopped at JVM exit.
 * It is Kafka's internal test kit, so it stays behind this one class.
 */
public final class KafkaBroker {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The JVM's broker, started (about two seconds) with every catalogue topic created. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            // A broker that fails while the test JVM ends would call Exit.halt(1), and the build would report
            // a crashed fork after every test passed. In a test JVM, a dying broker must not decide the exit.
            Exit.setExitProcedure((status, message) -> LOG.warnf("Test broker asked to exit(%d): %s", status, message));
            Exit.setHaltProcedure((status, message) -> LOG.warnf("Test broker asked to halt(%d): %s", status, message));
            shared = start();
            KafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stopShared, "kafka-broker-stop"));
        }
        return shared;
    }

    /**
     * Stops the JVM's broker if one runs; called when the test session ends (before JVM shutdown, so the
     * broker does not race other shutdown hooks that delete its directories), and again at exit.
     */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    private static KafkaBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics come from the catalogue with their partition counts, never by accident.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            KafkaBroker broker = new KafkaBroker(cluster);
            broker.createCatalogueTopics(Topic.DEFAULT_PARTITIONS);
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates every catalogue topic (and nothing else) with the given partition count. */
    public void createCatalogueTopics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(new NewTopic(topic.topicName(), partitions, (short) 1));
        }
        createTopics(topics);
    }

    /** Creates topics, ignoring those that exist. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var results = admin.createTopics(topics).values();
            for (var result : results.values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            cluster.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }
}
