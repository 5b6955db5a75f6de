package dev.mooring.testing;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import dev.mooring.kafka.access.BrokerSecurity;
import dev.mooring.kafka.access.CatalogueTopics;
import dev.mooring.kafka.access.ServiceAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) inside the test JVM, built from the Apache
 * Kafka jars on Maven Central — no Docker — and secured as in a cluster ({@link BrokerSecurity}): TLS, SCRAM-SHA-512,
 * ACLs, nothing allowed by default. Each service under test connects as its own Kafka user with exactly its rights
 * ({@link #serviceSettings}); the test itself reads and writes as the super user ({@link #adminSettings}). One per
 * JVM, started on first use (about three seconds), stopped at JVM exit.
 */
public final class KafkaBroker {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    private static final String RUNNING = "dev.mooring.testing.KafkaBroker.running";
    private static KafkaBroker shared;

    private final KafkaRaftServer server;
    private final BrokerSecurity security;
    private final String bootstrapServers;
    private final Path dir;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    private KafkaBroker(KafkaRaftServer server, BrokerSecurity security, String bootstrapServers, Path dir) {
        this.server = server;
        this.security = security;
        this.bootstrapServers = bootstrapServers;
        this.dir = dir;
    }

    /** The JVM's broker, started with every catalogue topic, every service's dead-letter topic and user. */
    public static synchronized KafkaBroker shared() {
        if (shared == null && System.getProperties().get(RUNNING) instanceof Map<?, ?> running) {
            shared = attach(running);
        }
        if (shared == null) {
            // A broker that fails while the test JVM ends would call Exit.halt(1), and the build would report
            // a crashed fork after every test passed. In a test JVM, a dying broker must not decide the exit.
            Exit.setExitProcedure((status, message) -> LOG.warnf("Test broker asked to exit(%d): %s", status, message));
            Exit.setHaltProcedure((status, message) -> LOG.warnf("Test broker asked to halt(%d): %s", status, message));
            shared = start();
            // One broker per JVM, even where Quarkus loads this class again (a test profile restarts the application in
            // a new class loader): a second broker's SCRAM logins would meet the first one's SASL provider, which Java
            // registers once per JVM, and fail. The others attach to this one (System properties are JVM-wide).
            Map<String, Object> running = new ConcurrentHashMap<>();
            running.put("bootstrap", shared.bootstrapServers);
            running.put("dir", shared.dir.toString());
            running.put("passwords", shared.security.passwords());
            System.getProperties().put(RUNNING, running);
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

    @SuppressWarnings("unchecked")
    private static KafkaBroker attach(Map<?, ?> running) {
        Path dir = Path.of((String) running.get("dir"));
        return new KafkaBroker(null, BrokerSecurity.ofRunning(dir.resolve("tls"), (Map<String, String>) running.get("passwords")),
                (String) running.get("bootstrap"), dir);
    }

    private static KafkaBroker start() {
        try {
            Path dir = Files.createTempDirectory("mooring-test-kafka");
            BrokerSecurity security = BrokerSecurity.create(dir.resolve("tls"));
            int port = freePort();
            int controllerPort = freePort();
            Properties properties = new Properties();
            properties.put("process.roles", "broker,controller");
            properties.put("node.id", "1");
            properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            properties.put("log.dirs", dir.resolve("data").toString());
            properties.put("offsets.topic.replication.factor", "1");
            properties.put("transaction.state.log.replication.factor", "1");
            properties.put("transaction.state.log.min.isr", "1");
            properties.put("group.initial.rebalance.delay.ms", "0");
            // Topics come from the catalogue with their partition counts, never by accident.
            properties.put("auto.create.topics.enable", "false");
            properties.putAll(security.serverSettings(port, controllerPort));
            Path file = dir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(file)) {
                properties.store(out, "Mooring test broker");
            }
            format(file, security);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
            server.startup();
            KafkaBroker broker = new KafkaBroker(server, security, "127.0.0.1:" + port, dir);
            broker.awaitAdminAccepted();
            broker.createTopics(CatalogueTopics.all(Topic.DEFAULT_PARTITIONS, (short) 1));
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the super user is let in: the broker listens before it has loaded the SCRAM credentials from its
     * metadata log, and until then refuses every login as invalid.
     */
    private void awaitAdminAccepted() {
        Map<String, Object> settings = new java.util.HashMap<>(adminSettings());
        settings.put("default.api.timeout.ms", 5000);
        settings.put("request.timeout.ms", 5000);
        try (Admin admin = Admin.create(settings)) {
            Awaitility.await("the test broker accepts its super user").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        }
    }

    private static void format(Path properties, BrokerSecurity security) {
        List<String> arguments = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString()));
        arguments.addAll(security.formatArguments());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try {
            code = StorageTool.execute(arguments.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Its refusals may repeat the arguments, the super user's password among them: neither they nor a cause.
            throw new IllegalStateException("Formatting the broker's storage failed: " + security.withoutSecrets(
                    String.valueOf(e.getMessage())));
        }
        if (code != 0) {
            throw new IllegalStateException("Formatting the broker's storage failed (" + code + "): "
                    + security.withoutSecrets(output.toString(StandardCharsets.UTF_8)));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The super user's client settings: what a test reads and writes (and forges) with. */
    public Map<String, Object> adminSettings() {
        return security.clientSettings(bootstrapServers, BrokerSecurity.ADMIN);
    }

    /**
     * A client's settings as the Kafka user {@code user}, created on first use: a Mooring service gets its rights from
     * the producer table; any other name (a test's own service) may write the catalogue's topics and read
     * {@code consumes}, each in its own group and with its own dead-letter topic.
     */
    public Map<String, Object> clientSettings(String user, Set<Topic> consumes) {
        if (provisioned.add(user)) {
            ServiceAccess access = Producer.byServiceName(user).map(ServiceAccess::of)
                    .orElseGet(() -> testService(user, consumes));
            createTopics(List.of(new NewTopic(Topic.deadLetterTopic(user), Topic.DEFAULT_PARTITIONS, (short) 1)));
            try (Admin admin = Admin.create(adminSettings())) {
                security.provision(admin, access);
            }
        }
        return security.clientSettings(bootstrapServers, user);
    }

    /** {@link #clientSettings} as a Quarkus service reads them ({@code kafka.*}). */
    public Map<String, String> serviceSettings(String user, Set<Topic> consumes) {
        clientSettings(user, consumes);
        return security.serviceSettings(bootstrapServers, user);
    }

    private static ServiceAccess testService(String user, Set<Topic> consumes) {
        ServiceAccess consumer = ServiceAccess.consumer(user, consumes);
        Set<String> writes = new java.util.TreeSet<>(consumer.writes());
        EnumSet.allOf(Topic.class).forEach(topic -> writes.add(topic.topicName()));
        return new ServiceAccess(user, writes, consumer.reads());
    }

    /** Creates topics, ignoring those that exist. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = Admin.create(adminSettings())) {
            CatalogueTopics.create(admin, topics, Duration.ofSeconds(30));
        }
    }

    private void stop() {
        if (server == null) {
            return; // attached to the broker another class loader started and stops
        }
        System.getProperties().remove(RUNNING);
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
