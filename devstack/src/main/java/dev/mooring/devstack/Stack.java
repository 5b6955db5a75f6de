package dev.mooring.devstack;

import dev.mooring.events.Topic;
import dev.mooring.kafka.access.BrokerSecurity;
import dev.mooring.kafka.access.CatalogueTopics;
import dev.mooring.kafka.access.ServiceAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * The whole system on this machine, each part its own process: a Kafka broker (KRaft, one node),
 * PostgreSQL (the machine's on 5432, or an embedded one), the FlashArray simulator (two arrays, pod
 * {@code pod1} stretched over both), the Kubernetes API test server, and every built Mooring service.
 * {@link #start} returns when all answer ready; {@link #close} (also run by a shutdown hook) stops them all.
 *
 * <p>Every start is a fresh system: the simulated arrays live in memory, so the broker's data and the
 * services' databases are emptied too.
 */
public final class Stack implements AutoCloseable {

    /**
     * How a stack is started. {@code apiToken}: the services' bearer token; null (the default) = the work directory's,
     * made once and kept in {@code <work>/api-token} ({@link DevTokens}).
     */
    public record Options(Path root, Path work, boolean preferDefaultPorts, String databaseSuffix, String apiToken,
                          Duration readyTimeout, PrintStream out, Map<String, Map<String, String>> serviceSettings,
                          boolean pureSecret, boolean containers, Map<String, Integer> instances, boolean ownsPostgres,
                          List<String> nodeAgents, boolean plaintextKafka, Stack arraysFrom, List<String> onlyServices,
                          boolean productionJit) {
        // plaintextKafka: see withPlaintextKafka(); productionJit: see withProductionJit().

        /** Key of {@link #serviceSettings} whose settings go to every service. */
        public static final String ALL_SERVICES = "*";

        /** {@code devstack up}: default ports when free, logs in {@code devstack/work}. */
        public static Options defaults(Path root) {
            return new Options(root, root.resolve("devstack/work"), true, "", null, Duration.ofMinutes(3),
                    System.out, Map.of(), true, false, Map.of(), false, List.of(), false, null, List.of(), false);
        }

        public Options work(Path dir) {
            return with(c -> c.work = dir);
        }

        /** Any free ports: for a system test that must not meet a running {@code devstack up}. */
        public Options anyFreePorts() {
            return with(c -> c.preferDefaultPorts = false);
        }

        /** Appended to every service database name, so a test's databases are not the developer's. */
        public Options databaseSuffix(String suffix) {
            return with(c -> c.databaseSuffix = suffix);
        }

        /** Extra {@code -D} settings for one service ({@link #ALL_SERVICES}: every service), e.g. shorter timers in a test. */
        public Options serviceSettings(String service, Map<String, String> settings) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceSettings);
            all.put(service, Map.copyOf(settings));
            return with(c -> c.serviceSettings = Map.copyOf(all));
        }

        /**
         * No Secret {@code kube-system/px-pure-secret} at start: the arrays are registered when someone creates it,
         * as a user does with {@code kubectl create secret generic px-pure-secret … --from-file=pure.json=…}.
         */
        public Options withoutPureSecret() {
            return with(c -> c.pureSecret = false);
        }

        /**
         * The services and the simulator from their images ({@code devstack/mooring images}) in podman containers,
         * with the same settings; Kafka, PostgreSQL and the Kubernetes API test server stay processes.
         */
        public Options inContainers() {
            return with(c -> c.containers = true);
        }

        /**
         * How many instances of each service run, as {@code replicas} in {@code k8s/base}: they share the service's
         * database and Kafka consumer group, each on its own port; the first keeps the service's name, the others
         * are named {@code <service>-2}, {@code -3}…
         */
        public Options instances(int count) {
            return instancesOf(ALL_SERVICES, count);
        }

        /** {@link #instances} for one service ({@link #ALL_SERVICES}: the default for all). */
        public Options instancesOf(String service, int count) {
            if (count < 1 || count > 4) {
                throw new IllegalArgumentException("instances of " + service + ": 1 to 4, got " + count);
            }
            Map<String, Integer> all = new LinkedHashMap<>(instances);
            all.put(service, count);
            return with(c -> c.instances = Map.copyOf(all));
        }

        /** How many instances of {@code service} run. */
        public int instancesOf(String service) {
            return instances.getOrDefault(service, instances.getOrDefault(ALL_SERVICES, 1));
        }

        /**
         * An embedded PostgreSQL that the stack starts and owns, even when this machine's answers on 5432: a test that
         * kills and restarts the database ({@link #killPostgres}) must not touch anyone else's.
         */
        public Options ownPostgres() {
            return with(c -> c.ownsPostgres = true);
        }

        /**
         * A node agent for each of these nodes (a process each, as the DaemonSet runs one per node), on a simulated host
         * that the simulator's connections bring to life (loop devices: root only). Its settings can be changed with
         * {@link #serviceSettings} under {@link NodeAgents#NAME}.
         */
        public Options nodeAgents(String... nodes) {
            return with(c -> c.nodeAgents = List.of(nodes));
        }

        /**
         * A broker without TLS, authentication or ACLs, as before Mooring secured its event bus: only to measure what
         * the security costs (bench {@code --kafka-security compare}); never for anything else.
         */
        public Options withPlaintextKafka() {
            return with(c -> c.plaintextKafka = true);
        }

        /** How long each part may take to answer ready (default 3 minutes). */
        public Options readyTimeout(Duration timeout) {
            return with(c -> c.readyTimeout = timeout);
        }

        /**
         * The arrays of {@code other}'s simulator instead of a simulator of this stack's own: a second site that sees
         * the same ActiveCluster pair (the disaster-recovery tests' two cluster domains).
         */
        public Options arraysFrom(Stack other) {
            return with(c -> c.arraysFrom = other);
        }

        /** Only these services (by name) start; none named: all of them. */
        public Options onlyServices(String... names) {
            return with(c -> c.onlyServices = List.of(names));
        }

        /**
         * The JVMs of the stack with the JIT production runs (C1, then C2). By default a local stack's JVMs compile
         * with C1 only ({@link AppLauncher#QUICK_START}): on a 2-core machine its eight service JVMs then start in
         * about half the time, and nothing they do is CPU-bound. A benchmark asks for this, so its figures are those
         * of the code as it runs in a cluster.
         */
        public Options withProductionJit() {
            return with(c -> c.productionJit = true);
        }

        public Options out(PrintStream stream) {
            return with(c -> c.out = stream);
        }

        /** Without the token's value: a record's own toString would print it wherever the options are logged. */
        @Override
        public String toString() {
            return "Options[root=" + root + ", work=" + work + ", preferDefaultPorts=" + preferDefaultPorts
                    + ", databaseSuffix=" + databaseSuffix + ", apiToken=" + (apiToken == null ? "the work directory's"
                    : "(given)") + ", readyTimeout=" + readyTimeout + ", serviceSettings=" + serviceSettings
                    + ", pureSecret=" + pureSecret + ", containers=" + containers + ", instances=" + instances
                    + ", ownsPostgres=" + ownsPostgres + ", nodeAgents=" + nodeAgents + ", plaintextKafka="
                    + plaintextKafka + ", arraysFrom=" + (arraysFrom != null) + ", onlyServices=" + onlyServices
                    + ", productionJit=" + productionJit + "]";
        }

        /** These options with one change: each wither names only the component it changes. */
        private Options with(Consumer<Copy> change) {
            Copy copy = new Copy(this);
            change.accept(copy);
            return copy.options();
        }

        /** The components of {@link Options}, mutable for the moment of one change. */
        private static final class Copy {
            Path root;
            Path work;
            boolean preferDefaultPorts;
            String databaseSuffix;
            String apiToken;
            Duration readyTimeout;
            PrintStream out;
            Map<String, Map<String, String>> serviceSettings;
            boolean pureSecret;
            boolean containers;
            Map<String, Integer> instances;
            boolean ownsPostgres;
            List<String> nodeAgents;
            boolean plaintextKafka;
            Stack arraysFrom;
            List<String> onlyServices;
            boolean productionJit;

            Copy(Options o) {
                root = o.root;
                work = o.work;
                preferDefaultPorts = o.preferDefaultPorts;
                databaseSuffix = o.databaseSuffix;
                apiToken = o.apiToken;
                readyTimeout = o.readyTimeout;
                out = o.out;
                serviceSettings = o.serviceSettings;
                pureSecret = o.pureSecret;
                containers = o.containers;
                instances = o.instances;
                ownsPostgres = o.ownsPostgres;
                nodeAgents = o.nodeAgents;
                plaintextKafka = o.plaintextKafka;
                arraysFrom = o.arraysFrom;
                onlyServices = o.onlyServices;
                productionJit = o.productionJit;
            }

            Options options() {
                return new Options(root, work, preferDefaultPorts, databaseSuffix, apiToken, readyTimeout, out,
                        serviceSettings, pureSecret, containers, instances, ownsPostgres, nodeAgents, plaintextKafka,
                        arraysFrom, onlyServices, productionJit);
            }
        }
    }

    /** One simulated array: its name, management endpoint ({@code host:port}) and admin API token. */
    public record SimulatedArray(String name, int port, String apiToken) {
        public String endpoint() {
            return "127.0.0.1:" + port;
        }

        /** Without the token: a record's own toString would print it wherever the array is logged. */
        @Override
        public String toString() {
            return "SimulatedArray[name=" + name + ", endpoint=" + endpoint() + "]";
        }
    }

    /** A line of the table {@link #printTable} shows. */
    public record Row(String component, String url, String log) {
    }

    /** A service of the catalogue as this stack runs it. */
    public record RunningService(ServiceSpec spec, int port, String database, ChildProcess process) {
        /** The instance's own name: the service's for the first, {@code <service>-N} for the others. */
        public String name() {
            return process.name();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
    }

    private static final String SIM_ARRAY_A_TOKEN = "3bdf3b60-f0c0-4a8e-83c1-b794ba8f3a96";
    private static final String SIM_ARRAY_B_TOKEN = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Heap of each service: {@code -Xmx} of a process, three quarters of a container's memory limit. */
    private static final int SERVICE_HEAP_MB = 384;
    private static final int SIMULATOR_HEAP_MB = 256;
    private static final int AGENT_HEAP_MB = 128;

    private final Options options;
    /** The services run as in production, so their token must be strong: the work directory's unless given. */
    private final String apiToken;
    /** The simulator admin API's own token, new for each stack. */
    private String simAdminToken = DevTokens.random();
    private final Podman podman;
    private final Ports ports;
    private final Path logs;
    private final Path java;
    private final String classpath;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "devstack-start");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ChildProcess> children = new LinkedHashMap<>();
    private final Map<String, RunningService> services = new LinkedHashMap<>();
    private final Map<String, NodeAgents.RunningAgent> agents = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "devstack-stop");
    private AppLauncher launcher;
    private Path classpathArgs;
    private int kafkaPort;
    private BrokerSecurity kafkaSecurity;
    private AgentPods agentPods;
    private Path kafkaAdminProperties;
    private int controllerPort;
    private int postgresPort;
    private boolean postgresEmbedded;
    private int kubePort;
    private int consolePort;
    private int simHealthPort;
    private int simAdminPort;
    private List<SimulatedArray> arrays = List.of();
    private Path arraysCa;
    private Path pureJson;
    private volatile boolean stopped;

    /** Every stack this JVM started, in order: the system tests' closing log scan reads their logs. */
    private static final List<Stack> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        // devstack's own JVM: only warnings from the Kafka admin client and friends, not their chatter.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // gRPC sets SO_KEEPALIVE on every channel, which the node agent's Unix socket does not have (CsiClient):
        // Netty's warning about it is noise.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap", "error");
        }
        // A broker that a test or the chaos run kills on purpose: its clients' reconnect warnings are not news.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        }
    }

    private Stack(Options options) {
        this.options = options;
        this.apiToken = options.apiToken() != null ? options.apiToken() : DevTokens.apiToken(options.work());
        this.podman = new Podman(options.root());
        this.ports = new Ports(options.preferDefaultPorts());
        this.logs = options.work().resolve("logs");
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.classpath = System.getProperty("java.class.path");
    }

    /** {@code -cp} of devstack's own classpath as a Java argument file, so logs show a short command line. */
    private String classpathArgument() {
        return "@" + classpathArgs;
    }

    /** Starts everything and waits until every part is ready; on failure, stops what started and throws. */
    public static Stack start(Options options) {
        Stack stack = new Stack(options);
        STARTED.add(stack);
        Runtime.getRuntime().addShutdownHook(stack.hook);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------- start

    private void startAll() {
        Instant began = Instant.now();
        prepareWorkDirectory();
        if (options.containers()) {
            checkContainersCanRun();
        }
        say("Starting the Mooring stack (logs in %s)%s", display(logs),
                options.containers() ? "; the services and the simulator in podman containers" : "");
        CompletableFuture<Void> kafka = async(this::startKafka);
        CompletableFuture<Void> postgres = async(this::startPostgres);
        CompletableFuture<Void> simulator = async(options.arraysFrom() == null ? this::startSimulator : this::shareSimulator);
        CompletableFuture<Void> kube = async(this::startKubeApi);
        join(kafka, postgres, simulator, kube);
        if (options.pureSecret()) {
            createPureSecret();
        }

        List<ServiceSpec> runnable = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.catalogue()) {
            if (!Files.isDirectory(options.root().resolve(spec.module()))) {
                skipped.add(spec.name() + ": not in this checkout");
            } else if (!options.onlyServices().isEmpty() && !options.onlyServices().contains(spec.name())) {
                skipped.add(spec.name() + ": not asked for in this stack");
            } else if (!spec.built(options.root())) {
                skipped.add(spec.name() + ": not built (" + display(spec.runJar(options.root())) + " is missing)");
            } else {
                runnable.add(spec);
            }
        }
        resetDatabases(runnable);
        // Without px-pure-secret no service that works with arrays is ready (none registered), so the stack waits
        // until they are live; they turn ready when the Secret is created (awaitServicesReady).
        String health = options.pureSecret() ? "/q/health/ready" : "/q/health/live";
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (ServiceSpec spec : runnable) {
            for (int instance = 1; instance <= options.instancesOf(spec.name()); instance++) {
                RunningService service = prepareService(spec, instance);
                starting.add(async(() -> {
                    service.process().start();
                    awaitReady(service.process(), () -> Http.ready(service.baseUrl() + health),
                            service.name() + " up at " + service.baseUrl() + health);
                }));
            }
        }
        join(starting.toArray(CompletableFuture[]::new));
        startNodeAgents();
        startConsole();
        writeEnvironmentFile();
        writeCtlContext();
        say("All ready in %.1f s", Duration.between(began, Instant.now()).toMillis() / 1000.0);
    }

    private void prepareWorkDirectory() {
        try {
            Files.createDirectories(logs);
            try (Stream<Path> old = Files.list(logs)) {
                for (Path log : old.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.delete(log);
                }
            }
            deleteTree(options.work().resolve("kafka"));
            deleteTree(options.work().resolve("sim"));
            Files.createDirectories(options.work().resolve("kafka"));
            Files.createDirectories(options.work().resolve("sim"));
            launcher = new AppLauncher(options.root(), options.work(), logs, options.containers(), options.productionJit());
            classpathArgs = options.work().resolve("classpath.args").toAbsolutePath();
            write(classpathArgs, "-cp \"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + options.work() + ": " + e.getMessage(), e);
        }
    }

    /** podman works here and every image exists; containers an earlier devstack left behind are removed. */
    private void checkContainersCanRun() {
        podman.problem().ifPresent(problem -> {
            throw new IllegalStateException("Cannot run the stack in containers: " + problem);
        });
        List<String> missing = new ArrayList<>();
        for (Images.Target target : Images.targets()) {
            if (!podman.imageExists(target.reference())) {
                missing.add(target.reference());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Images missing: " + String.join(", ", missing) + ". Build them with devstack/mooring images");
        }
        for (String orphan : Container.removeOrphans(podman)) {
            say("  removed container %s, left behind by a devstack that is gone", orphan);
        }
    }

    private void startKafka() {
        kafkaPort = ports.choose(9092);
        controllerPort = ports.choose(9093);
        Path dir = options.work().resolve("kafka");
        kafkaSecurity = options.plaintextKafka() ? null : BrokerSecurity.create(dir.resolve("tls"));
        Path properties = dir.resolve("server.properties");
        List<String> config = new ArrayList<>(List.of(
                "# Written by devstack: one KRaft node that is broker and controller, loopback only, secured as in a",
                "# cluster (TLS + SCRAM-SHA-512 for clients, mutual TLS for the controller, ACLs). Holds the keystore",
                "# password: readable by its owner only.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "num.partitions=" + Topic.DEFAULT_PARTITIONS,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=12",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0"));
        (kafkaSecurity == null ? plaintextListeners() : kafkaSecurity.serverSettings(kafkaPort, controllerPort))
                .forEach((key, value) -> config.add(key + "=" + value));
        writePrivate(properties, String.join("\n", config) + "\n");
        formatKafkaStorage(properties);
        List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "-Dorg.slf4j.simpleLogger.logFile=System.out");
        ChildProcess broker = java("kafka", jvm, List.of(classpathArgument(), "kafka.Kafka", properties.toString()));
        broker.start();
        String bootstrap = kafkaBootstrap();
        List<NewTopic> topics = CatalogueTopics.all(Topic.DEFAULT_PARTITIONS, (short) 1);
        try (Admin admin = awaitKafka(broker)) {
            CatalogueTopics.create(admin, topics, Duration.ofSeconds(60));
            // Each service its own user with exactly its rights, as the KafkaUsers of k8s/base/kafka.yaml.
            if (kafkaSecurity != null) {
                ServiceAccess.ofAllServices().forEach(access -> kafkaSecurity.provision(admin, access));
            }
        }
        if (kafkaSecurity == null) {
            say("  kafka           ready at %s (PLAINTEXT, no authentication: a baseline to measure against; %d topics)",
                    bootstrap, topics.size());
            return;
        }
        kafkaAdminProperties = dir.resolve("admin.properties");
        writePrivate(kafkaAdminProperties, kafkaSecurity.adminClientProperties(bootstrap));
        say("  kafka           ready at %s (TLS + SCRAM-SHA-512, a user and ACLs per service; %d topics, %d partitions each)",
                bootstrap, topics.size(), Topic.DEFAULT_PARTITIONS);
    }

    /** The listeners of {@link Options#plaintextKafka}: no TLS, no authentication, no authorizer. */
    private Map<String, String> plaintextListeners() {
        return Map.of("listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort,
                "controller.listener.names", "CONTROLLER",
                "inter.broker.listener.name", "PLAINTEXT",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    /**
     * Formats the broker's storage with its super user, in this JVM: Kafka's StorageTool takes the user's password as
     * an argument, which must not show on a process command line.
     */
    private void formatKafkaStorage(Path properties) {
        List<String> arguments = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString()));
        if (kafkaSecurity != null) {
            arguments.addAll(kafkaSecurity.formatArguments());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try {
            code = StorageTool.execute(arguments.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Its refusals may repeat the arguments, the super user's password among them: neither they nor a cause.
            String said = String.valueOf(e.getMessage());
            throw new IllegalStateException("Formatting Kafka's storage failed: "
                    + (kafkaSecurity == null ? said : kafkaSecurity.withoutSecrets(said)));
        }
        if (code != 0) {
            String said = output.toString(StandardCharsets.UTF_8);
            throw new IllegalStateException("Formatting Kafka's storage failed (exit " + code + "): "
                    + (kafkaSecurity == null ? said : kafkaSecurity.withoutSecrets(said)));
        }
    }

    /** Waits until the broker listens and has registered; the admin client it asked is the caller's to close. */
    private Admin awaitKafka(ChildProcess broker) {
        awaitReady(broker, () -> Ports.answers("127.0.0.1", kafkaPort, 200), "Kafka listening on " + kafkaBootstrap());
        Admin admin = Admin.create(clientSettings(kafkaClientSettings(),
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)));
        try {
            awaitReady(broker, () -> {
                try {
                    return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            }, "Kafka broker registered");
            return admin;
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    private void startPostgres() {
        int port = Integer.parseInt(env("MOORING_DB_PORT", "5432"));
        if (!options.ownsPostgres() && Ports.answers("127.0.0.1", port, 1000)) {
            postgresPort = port;
            postgresEmbedded = false;
            say("  postgresql      this machine's, at 127.0.0.1:%d", port);
            return;
        }
        postgresPort = ports.choose(15432);
        postgresEmbedded = true;
        Path data = postgresData();
        try {
            // A fresh database per stack; a restart after a kill keeps it (EmbeddedPostgresMain never cleans).
            deleteTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the old " + data + ": " + e.getMessage(), e);
        }
        ChildProcess postgres = java("postgresql", List.of("-Xmx128m", "-XX:+UseSerialGC"),
                List.of(classpathArgument(), EmbeddedPostgresMain.class.getName(), String.valueOf(postgresPort), data.toString()));
        postgres.start();
        awaitPostgres(postgres);
        say("  postgresql      embedded, at 127.0.0.1:%d (%s)", postgresPort,
                options.ownsPostgres() ? "the stack's own" : "nothing answered on " + port);
    }

    private Path postgresData() {
        return options.work().resolve("postgres-data").toAbsolutePath();
    }

    private void awaitPostgres(ChildProcess postgres) {
        awaitReady(postgres, () -> {
            try (Connection c = postgresConnection()) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }, "embedded PostgreSQL on 127.0.0.1:" + postgresPort);
    }

    private void startSimulator() {
        Path runJar = options.root().resolve("flasharray-sim/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("The simulator is not built: " + display(runJar) + " is missing. Build with "
                    + "./mvnw -B install -DskipTests (or run devstack/mooring, which does).");
        }
        int a = ports.choose(8443);
        int b = ports.choose(8444);
        simAdminPort = ports.choose(8490);
        simHealthPort = ports.choose(8480);
        arrays = List.of(new SimulatedArray("array-a", a, SIM_ARRAY_A_TOKEN), new SimulatedArray("array-b", b, SIM_ARRAY_B_TOKEN));
        Path dir = options.work().resolve("sim").toAbsolutePath();
        arraysCa = dir.resolve("arrays-ca.pem");
        Path config = dir.resolve("sim.yaml");
        write(config, simulatorConfig(arraysCa, simAdminPort, a, b, simAdminToken));
        pureJson = dir.resolve("pure.json");
        StringBuilder json = new StringBuilder("{\"FlashArrays\":[");
        for (int i = 0; i < arrays.size(); i++) {
            SimulatedArray array = arrays.get(i);
            json.append(i == 0 ? "" : ",").append("\n  {\"MgmtEndPoint\":\"").append(array.endpoint())
                    .append("\",\"APIToken\":\"").append(array.apiToken())
                    .append("\",\"Labels\":{\"topology.portworx.io/array\":\"").append(array.name()).append("\"}}");
        }
        write(pureJson, json.append("\n]}\n").toString());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mooring.sim.config-file", config.toString());
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(simHealthPort));
        // The simulator writes the arrays' certificate into its directory.
        ChildProcess sim = quarkusApp("flasharray-sim", runJar, SIMULATOR_HEAP_MB, settings, Map.of(), List.of(dir));
        sim.start();
        awaitReady(sim, () -> Files.isRegularFile(arraysCa) && Http.ready("http://127.0.0.1:" + simHealthPort + "/q/health/ready"),
                "flasharray-sim ready at http://127.0.0.1:" + simHealthPort + "/q/health/ready");
        say("  flasharray-sim  ready: array-a https://127.0.0.1:%d, array-b https://127.0.0.1:%d, pod pod1 on both", a, b);
    }

    /** Uses the simulator (its arrays, certificate, pure.json and admin API) that {@link Options#arraysFrom} runs. */
    private void shareSimulator() {
        Stack other = options.arraysFrom();
        arrays = other.arrays;
        arraysCa = other.arraysCa;
        pureJson = other.pureJson;
        simAdminPort = other.simAdminPort;
        simHealthPort = other.simHealthPort;
        simAdminToken = other.simAdminToken;
        say("  flasharray-sim  shared with %s: array-a https://127.0.0.1:%d, array-b https://127.0.0.1:%d",
                display(other.options.work()), arrays.get(0).port(), arrays.get(1).port());
    }

    /**
     * The simulator's configuration ({@code devstack/sim.yaml} filled in): arrays {@code array-a} and {@code array-b} on
     * the given ports, pod {@code pod1} stretched over both, the admin API with its token, and where to write the arrays'
     * certificate.
     */
    static String simulatorConfig(Path certificate, int adminPort, int arrayAPort, int arrayBPort, String adminToken) {
        return resource("devstack/sim.yaml")
                .replace("${certificateFile}", certificate.toString())
                .replace("${adminPort}", String.valueOf(adminPort))
                .replace("${adminToken}", adminToken)
                .replace("${array-a.port}", String.valueOf(arrayAPort))
                .replace("${array-b.port}", String.valueOf(arrayBPort))
                .replace("${array-a.token}", SIM_ARRAY_A_TOKEN)
                .replace("${array-b.token}", SIM_ARRAY_B_TOKEN);
    }

    private void startKubeApi() {
        kubePort = ports.choose(8086);
        ChildProcess kube = java("kube-api", List.of("-Xmx192m", "-XX:+UseSerialGC",
                        "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                List.of(classpathArgument(), KubeApiServerMain.class.getName(), String.valueOf(kubePort)));
        kube.start();
        awaitReady(kube, () -> {
            try {
                return Http.get(kubeApiUrl() + "/api/v1/namespaces").status() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "Kubernetes API test server at " + kubeApiUrl());
        writeKubeconfig();
        say("  kube-api        ready at %s (API stand-in; kubeconfig %s)", kubeApiUrl(), display(kubeconfig()));
    }

    /**
     * A kubeconfig for the stand-in: cluster, user and context {@code mooring-dev}, no credentials (the stand-in asks
     * for none), so {@code KUBECONFIG=devstack/work/kubeconfig kubectl …} talks to this stack.
     */
    private void writeKubeconfig() {
        write(kubeconfig(), String.join("\n",
                "# Written by devstack for this run: export KUBECONFIG=" + kubeconfig().toAbsolutePath(),
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mooring-dev",
                "  cluster:",
                "    server: " + kubeApiUrl(),
                "users:",
                "- name: mooring-dev",
                "  user: {}",
                "contexts:",
                "- name: mooring-dev",
                "  context:",
                "    cluster: mooring-dev",
                "    user: mooring-dev",
                "    namespace: default",
                "current-context: mooring-dev",
                ""));
    }

    /**
     * The Secret {@code kube-system/px-pure-secret} with key {@code pure.json}, as Portworx keeps it and as the
     * services read it from the Kubernetes API: the same document as {@code sim/pure.json}.
     */
    private void createPureSecret() {
        String document = read(pureJson);
        String secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"Opaque\","
                + "\"metadata\":{\"name\":\"px-pure-secret\",\"namespace\":\"kube-system\"},"
                + "\"data\":{\"pure.json\":\"" + Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8))
                + "\"}}";
        try {
            Http.Answer answer = Http.send(HttpRequest.newBuilder(URI.create(kubeApiUrl() + "/api/v1/namespaces/kube-system/secrets"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(secret)).build());
            if (answer.status() != 201 && answer.status() != 200) {
                throw new IllegalStateException("The Kubernetes API test server refused the Secret px-pure-secret: "
                        + answer.status() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Secret px-pure-secret: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        say("  kube-api        Secret kube-system/px-pure-secret holds pure.json (%d arrays)", arrays.size());
    }

    private void resetDatabases(List<ServiceSpec> specs) {
        try (Connection c = postgresConnection(); Statement s = c.createStatement()) {
            for (ServiceSpec spec : specs) {
                String database = databaseOf(spec);
                if (!database.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("Unusable database name " + database + " for " + spec.name());
                }
                // The simulated arrays are new at every start: so is each service's state.
                s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset the service databases on 127.0.0.1:" + postgresPort
                    + " as user postgres: " + e.getMessage(), e);
        }
    }

    /**
     * The node agents, once the services they report to are up: always processes (in container mode too), since their
     * simulated host makes loop devices and mounts on this machine. Each is ready once it reconciled with attach-svc.
     */
    private void startNodeAgents() {
        if (options.nodeAgents().isEmpty()) {
            return;
        }
        Optional<String> problem = NodeAgents.problem(options.root());
        if (problem.isPresent()) {
            skipped.add(NodeAgents.NAME + ": " + problem.get());
            return;
        }
        Map<String, String> serviceUrls = new LinkedHashMap<>();
        services.values().forEach(s -> serviceUrls.putIfAbsent(s.spec().name(), s.baseUrl()));
        agentPods = new AgentPods(kubeApiUrl());
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (String node : options.nodeAgents()) {
            Path dir = NodeAgents.prepare(options.work(), node);
            int port = ports.choose(NodeAgents.DEFAULT_PORT + agents.size());
            Map<String, String> settings = NodeAgents.settings(node, port, dir, pureJson, arraysCa, serviceUrls,
                    agentPods.start(node, dir), options.serviceSettings().getOrDefault(NodeAgents.NAME, Map.of()));
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + AGENT_HEAP_MB + "m", "-XX:+UseSerialGC",
                    launcher.settingsFile(NodeAgents.NAME + "-" + node, settings)));
            ChildProcess process = register(launcher.java(NodeAgents.NAME + "-" + node, jvm,
                    List.of("-jar", NodeAgents.runJar(options.root()).toString()), kubernetesEnvironment()));
            NodeAgents.RunningAgent agent = new NodeAgents.RunningAgent(node, port, dir, process);
            agents.put(node, agent);
            starting.add(async(() -> {
                process.start();
                awaitReady(process, () -> Http.ready(agent.baseUrl() + "/q/health/ready"),
                        process.name() + " ready at " + agent.baseUrl() + "/q/health/ready");
            }));
        }
        join(starting.toArray(CompletableFuture[]::new));
    }

    /** The read-only web console, once the services it reads run ({@link WebConsole}). */
    private void startConsole() {
        Map<String, String> serviceUrls = new LinkedHashMap<>();
        services.values().forEach(s -> serviceUrls.putIfAbsent(s.spec().name(), s.baseUrl()));
        if (!serviceUrls.keySet().containsAll(WebConsole.READS)) {
            skipped.add(WebConsole.NAME + ": it reads " + WebConsole.READS + ", not all of which run");
            return;
        }
        consolePort = ports.choose(WebConsole.DEFAULT_PORT);
        Path tokenFile = WebConsole.tokenFile(options.work());
        writePrivate(tokenFile, apiToken + "\n");
        List<String> main = new ArrayList<>(List.of(classpathArgument()));
        main.addAll(WebConsole.main(consolePort, tokenFile, serviceUrls));
        ChildProcess console = java(WebConsole.NAME, List.of("-Xmx64m", "-XX:+UseSerialGC"), main);
        console.start();
        awaitReady(console, () -> Http.ready(consoleUrl() + "healthz"), "the console at " + consoleUrl());
        say("  console         ready at %s (read-only web console)", consoleUrl());
    }

    /** The web console's address ({@code http://127.0.0.1:<port>/}), or null when it does not run. */
    public String consoleUrl() {
        return consolePort == 0 ? null : "http://127.0.0.1:" + consolePort + "/";
    }

    /** The Kubernetes API server as fabric8's auto-configuration reads it (a developer's ~/.kube/config is not used). */
    private Map<String, String> kubernetesEnvironment() {
        return Map.of(
                "KUBERNETES_MASTER", kubeApiUrl(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                "KUBERNETES_NAMESPACE", "default");
    }

    private RunningService prepareService(ServiceSpec spec, int instance) {
        String name = instance == 1 ? spec.name() : spec.name() + "-" + instance;
        // Further instances take the ports after the first's default (8081 → 8091, 8101…) when those are free.
        int port = ports.choose(spec.defaultPort() + 10 * (instance - 1));
        String database = databaseOf(spec);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(port));
        settings.put("quarkus.datasource.reactive.url", postgresUrl(database));
        settings.put("quarkus.datasource.username", "postgres");
        // The service's own Kafka user (every instance of it the same, as replicas share a KafkaUser's Secret).
        settings.putAll(kafkaSecurity == null ? Map.of("kafka.bootstrap.servers", kafkaBootstrap())
                : kafkaSecurity.serviceSettings(kafkaBootstrap(), spec.name()));
        settings.put("mooring.api.tokens", apiToken);
        spec.settings().forEach((k, v) -> settings.put(k, v
                .replace("${pureJson}", pureJson.toString())
                .replace("${arraysCa}", arraysCa.toString())
                .replace("${kubeApi}", kubeApiUrl())
                .replace("${kafka}", kafkaBootstrap())));
        settings.putAll(options.serviceSettings().getOrDefault(Options.ALL_SERVICES, Map.of()));
        settings.putAll(options.serviceSettings().getOrDefault(spec.name(), Map.of()));
        // The Kubernetes API server through fabric8's own variables: quarkus.kubernetes-client.api-server-url is
        // fixed at build time (a runtime value is ignored with a warning), while the client that Quarkus builds
        // starts from fabric8's auto-configuration, which reads these. A developer's ~/.kube/config is not used.
        Map<String, String> environment = kubernetesEnvironment();
        ChildProcess process = quarkusApp(name, spec.runJar(options.root()), SERVICE_HEAP_MB, settings, environment,
                List.of());
        RunningService service = new RunningService(spec, port, database, process);
        services.put(name, service);
        return service;
    }

    // ------------------------------------------------------------------------------------------- operate

    /** A running service of the stack, by name. */
    public RunningService service(String name) {
        RunningService service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException(name + " is not running in this stack (running: " + services.keySet()
                    + (skipped.isEmpty() ? "" : "; skipped: " + skipped) + ")");
        }
        return service;
    }

    public List<RunningService> services() {
        return List.copyOf(services.values());
    }

    /** The node agent of a node, if the stack runs one. */
    public Optional<NodeAgents.RunningAgent> findNodeAgent(String node) {
        return Optional.ofNullable(agents.get(node));
    }

    /** The node agent of a node, which the stack must run ({@link Options#nodeAgents}). */
    public NodeAgents.RunningAgent nodeAgent(String node) {
        NodeAgents.RunningAgent agent = agents.get(node);
        if (agent == null) {
            throw new IllegalArgumentException("No node agent for " + node + " in this stack (agents: " + agents.keySet()
                    + (skipped.isEmpty() ? "" : "; skipped: " + skipped) + ")");
        }
        return agent;
    }

    /** {@code kill -9} of one process of the stack. */
    public void kill(String name) {
        processOf(name).kill();
    }

    /** Waits until every service of the stack answers ready (e.g. once px-pure-secret names reachable arrays). */
    public void awaitServicesReady() {
        for (RunningService service : services.values()) {
            awaitReady(service.process(), () -> Http.ready(service.baseUrl() + "/q/health/ready"),
                    service.spec().name() + " ready at " + service.baseUrl() + "/q/health/ready");
        }
    }

    /** Starts a stopped or killed service again (same port, same database) and waits until it is ready. */
    public void restart(String name) {
        RunningService service = service(name);
        if (service.process().alive()) {
            service.process().stop(STOP_GRACE);
        }
        service.process().start();
        awaitReady(service.process(), () -> Http.ready(service.baseUrl() + "/q/health/ready"),
                name + " ready again at " + service.baseUrl());
    }

    /**
     * {@code kill -9} of the stack's own PostgreSQL ({@link Options#ownPostgres}): the server and its backends, which
     * are not the launcher's children, then the launcher; returns once the server is gone.
     */
    public void killPostgres() {
        if (!postgresEmbedded) {
            throw new IllegalStateException("This stack uses this machine's PostgreSQL, which it must not kill; start it "
                    + "with Options.ownPostgres()");
        }
        postmaster().ifPresent(server -> {
            List<ProcessHandle> family = new ArrayList<>(server.descendants().toList());
            family.add(server);
            family.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : family) {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while killing PostgreSQL", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("PostgreSQL process " + p.pid() + " did not die after kill -9", e);
                }
            }
        });
        processOf("postgresql").kill();
    }

    /** The running postmaster of the stack's own PostgreSQL, from the first line of its {@code postmaster.pid}. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = postgresData().resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String first = read(pidFile).lines().findFirst().orElse("").trim();
        return first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first)) : Optional.empty();
    }

    /**
     * Starts {@code kafka} or the stack's own {@code postgresql} again after a kill, with the same port and data, and
     * waits until it serves.
     */
    public void restartInfrastructure(String name) {
        ChildProcess process = processOf(name);
        if (process.alive()) {
            throw new IllegalStateException(name + " is running; kill it first");
        }
        switch (name) {
            case "kafka" -> {
                process.start();
                awaitKafka(process).close();
            }
            case "postgresql" -> {
                if (!postgresEmbedded) {
                    throw new IllegalStateException("This stack does not run its own PostgreSQL");
                }
                process.start();
                awaitPostgres(process);
            }
            default -> throw new IllegalArgumentException("restartInfrastructure: kafka or postgresql, not " + name
                    + " (services restart with restart(name))");
        }
    }

    /**
     * Freezes a process (SIGSTOP) without ending it: it answers nothing, as a site cut off from the others, and
     * {@link #thaw} brings it back with everything it held (a cluster's API server keeps its objects, as etcd would).
     */
    public void freeze(String name) {
        signal(name, "STOP");
    }

    /** Lets a process {@link #freeze frozen} before run on. */
    public void thaw(String name) {
        signal(name, "CONT");
    }

    private void signal(String name, String signal) {
        ChildProcess process = processOf(name);
        if (!process.alive() || process.container().isPresent()) {
            throw new IllegalStateException(name + " is not a running process of this stack");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    public ChildProcess processOf(String name) {
        ChildProcess child = children.get(name);
        if (child == null) {
            throw new IllegalArgumentException("No process " + name + " in this stack: " + children.keySet());
        }
        return child;
    }

    /** The stacks this JVM started, oldest first (including stopped ones, whose logs stay on disk). */
    public static List<Stack> startedInThisJvm() {
        return List.copyOf(STARTED);
    }

    /** The log file of every process of the stack. */
    public List<Path> logFiles() {
        return children.values().stream().map(ChildProcess::log).distinct().toList();
    }

    /** Processes that exited although nobody stopped them. */
    public List<ChildProcess> exitedUnexpectedly() {
        return stopped ? List.of() : children.values().stream()
                .filter(c -> !c.name().equals("kafka-storage-format") && !c.alive()).toList();
    }

    /** The broker's super user's client settings: what devstack's own readers and the tests connect with. */
    public Map<String, Object> kafkaClientSettings() {
        return kafkaClientSettingsOf(BrokerSecurity.ADMIN);
    }

    /** A client's settings as the Kafka user {@code user} (a service's): what a test forges events with. */
    public Map<String, Object> kafkaClientSettingsOf(String user) {
        return kafkaSecurity == null ? Map.of("bootstrap.servers", kafkaBootstrap())
                : kafkaSecurity.clientSettings(kafkaBootstrap(), user);
    }

    /** {@code base} (a client's connection and credentials) plus {@code extra}, which wins. */
    public static Map<String, Object> clientSettings(Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(base);
        settings.putAll(extra);
        return settings;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String postgresUrl(String database) {
        return "postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String kubeApiUrl() {
        return "http://127.0.0.1:" + kubePort;
    }

    /** The kubeconfig naming this stack's Kubernetes API (context {@code mooring-dev}). */
    public Path kubeconfig() {
        return options.work().resolve("kubeconfig");
    }

    /** {@code pure.json} naming the simulated arrays with their tokens: what a user puts in {@code px-pure-secret}. */
    public Path pureJson() {
        return pureJson;
    }

    /** The simulator's own Quarkus HTTP server ({@code /q/health}). */
    public String simulatorHealthUrl() {
        return "http://127.0.0.1:" + simHealthPort;
    }

    public String simulatorAdminUrl() {
        return "http://127.0.0.1:" + simAdminPort;
    }

    /** The simulator's admin API with this stack's token. */
    public SimulatorAdminClient simulatorAdmin() {
        return new SimulatorAdminClient(simulatorAdminUrl(), simAdminToken);
    }

    public List<SimulatedArray> simulatedArrays() {
        return arrays;
    }

    /** The PEM of the simulated arrays' certificate (what services are told to trust). */
    public Path arraysCertificate() {
        return arraysCa;
    }

    /**
     * Every secret this stack gave out — the API token, the arrays' API tokens, the broker's passwords — which must
     * never show in a log line, an event, a REST answer or a Kubernetes object ({@link SecretScan}).
     */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the API token", apiToken);
        secrets.put("array-a's API token", SIM_ARRAY_A_TOKEN);
        secrets.put("array-b's API token", SIM_ARRAY_B_TOKEN);
        secrets.put("the simulator's admin token", simAdminToken);
        if (agentPods != null) {
            List<String> agentTokens = agentPods.tokens();
            for (int i = 0; i < agentTokens.size(); i++) {
                secrets.put("node agent token " + (i + 1), agentTokens.get(i));
            }
        }
        if (kafkaSecurity != null) {
            List<String> kafka = kafkaSecurity.secrets();
            for (int i = 0; i < kafka.size(); i++) {
                secrets.put("Kafka secret " + (i + 1) + " of " + kafka.size(), kafka.get(i));
            }
        }
        return secrets;
    }

    public String apiToken() {
        return apiToken;
    }

    public Path logDirectory() {
        return logs;
    }

    public List<String> skippedServices() {
        return List.copyOf(skipped);
    }

    /** Component, URL, log file: where everything listens. */
    public List<Row> table() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("kafka", kafkaBootstrap() + ports.note(kafkaPort) + (kafkaSecurity == null ? " (PLAINTEXT"
                : " (TLS + SCRAM; admin client settings " + display(kafkaAdminProperties)) + "; controller :" + controllerPort
                + ports.note(controllerPort) + ")", logOf("kafka")));
        rows.add(new Row("postgresql", "postgresql://127.0.0.1:" + postgresPort + " user postgres"
                + (postgresEmbedded ? " (embedded)" : " (this machine's)"), postgresEmbedded ? logOf("postgresql") : "-"));
        for (SimulatedArray array : arrays) {
            rows.add(new Row("flasharray-sim " + array.name(), "https://" + array.endpoint() + "/api" + ports.note(array.port()),
                    logOf("flasharray-sim")));
        }
        rows.add(new Row("flasharray-sim admin", simulatorAdminUrl() + "/admin/v1/state" + ports.note(simAdminPort),
                logOf("flasharray-sim")));
        rows.add(new Row("kube-api", kubeApiUrl() + ports.note(kubePort) + " (API stand-in)", logOf("kube-api")));
        for (RunningService s : services.values()) {
            rows.add(new Row(s.name(), s.baseUrl() + "/api/v1" + ports.note(s.port()) + "  (db " + s.database() + ")",
                    logOf(s.name())));
        }
        if (consoleUrl() != null) {
            rows.add(new Row(WebConsole.NAME, consoleUrl() + ports.note(consolePort) + "  (read-only web console)",
                    logOf(WebConsole.NAME)));
        }
        for (NodeAgents.RunningAgent a : agents.values()) {
            rows.add(new Row(a.process().name(), "unix:" + display(a.socket()) + "  (CSI; " + a.baseUrl() + "/q/metrics"
                    + ports.note(a.port()) + ")", logOf(a.process().name())));
        }
        return rows;
    }

    public void printTable(PrintStream out) {
        List<Row> rows = table();
        int c1 = Math.max(9, rows.stream().mapToInt(r -> r.component().length()).max().orElse(0));
        int c2 = Math.max(3, rows.stream().mapToInt(r -> r.url().length()).max().orElse(0));
        String format = "  %-" + c1 + "s  %-" + c2 + "s  %s%n";
        out.println();
        out.printf(format, "component", "URL", "log");
        out.printf(format, "-".repeat(c1), "-".repeat(c2), "-".repeat(3));
        rows.forEach(r -> out.printf(format, r.component(), r.url(), r.log()));
        skipped.forEach(s -> out.println("  (skipped " + s + ")"));
        out.println();
        // The token itself stays out of this output (it ends up in terminals and CI logs): the file holds it.
        String tokenFile = options.apiToken() == null ? display(DevTokens.apiTokenFile(options.work())) : null;
        out.println(tokenFile == null ? "  API token: the one this stack was given (MOORING_API_TOKEN in stack.env)"
                : "  API token: in " + tokenFile + "   e.g. curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" "
                + (services.isEmpty() ? "" : services.values().iterator().next().baseUrl() + "/api/v1/volumes"));
        out.println("  Arrays' certificate: " + display(arraysCa) + "   pure.json: " + display(pureJson));
        out.println("  The same as shell variables: " + display(options.work().resolve("stack.env")));
        out.println("  kubectl:  export KUBECONFIG=" + kubeconfig().toAbsolutePath());
        out.println("  mooringctl:  export MOORINGCTL_CONTEXT=" + ctlContext() + "   then  mooringctl/mooringctl status");
        if (consoleUrl() != null) {
            out.println("  Console:  " + consoleUrl() + "  (read-only: arrays, pods, volumes, nodes, takeovers)");
        }
        if (options.containers()) {
            out.println("  The services and the simulator run in containers: podman ps --filter label=" + Container.OWNER_LABEL
                    + "=" + ProcessHandle.current().pid());
        }
        out.println();
    }

    // ---------------------------------------------------------------------------------------------- stop

    /** Stops every process (services first, then the infrastructure); safe to call twice. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is what called us, or will find nothing left to stop
        }
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        pool.shutdownNow();
        // The agents before the services they report to, the services before the infrastructure they use.
        List<ChildProcess> agentsFirst = agents.values().stream().map(NodeAgents.RunningAgent::process).toList();
        List<ChildProcess> servicesNext = new ArrayList<>();
        services.values().forEach(s -> servicesNext.add(s.process()));
        List<ChildProcess> infrastructure = children.values().stream()
                .filter(c -> !agentsFirst.contains(c) && !servicesNext.contains(c)).toList();
        stopInParallel(agentsFirst);
        if (agentPods != null) {
            agentPods.close();
        }
        // What a stopped (or killed) agent left on this machine: its mounts and loop devices.
        agents.values().forEach(a -> NodeAgents.releaseEverythingUnder(a.dir()));
        stopInParallel(servicesNext);
        stopInParallel(infrastructure);
        if (options.containers()) {
            // Each container is gone once its podman run returned; this only catches one that podman failed to stop.
            for (String left : podman.containersLabelled(Container.OWNER_LABEL + "=" + ProcessHandle.current().pid())) {
                podman.attempt(Duration.ofMinutes(1), List.of("rm", "--force", left));
                options.out().println("devstack: removed container " + left + ", which podman stop had left");
            }
        }
        options.out().println("devstack: stopped " + children.size() + " process(es); logs kept in " + display(logs));
    }

    private static void stopInParallel(List<ChildProcess> processes) {
        List<Thread> threads = new ArrayList<>();
        for (ChildProcess p : processes) {
            Thread t = new Thread(() -> p.stop(STOP_GRACE), "devstack-stop-" + p.name());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join(STOP_GRACE.toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** A child JVM of the stack (it carries the agent), registered under its name. */
    private ChildProcess java(String name, List<String> jvmOptions, List<String> main) {
        return register(launcher.java(name, jvmOptions, main, Map.of()));
    }

    /** A service or the simulator: a child JVM, or its image in a container (see {@link AppLauncher}). */
    private ChildProcess quarkusApp(String name, Path runJar, int heapMegabytes, Map<String, String> settings,
                                    Map<String, String> environment, List<Path> writable) {
        return register(launcher.quarkusApp(name, runJar, heapMegabytes, settings, environment, writable));
    }

    private ChildProcess register(ChildProcess child) {
        synchronized (children) {
            children.put(child.name(), child);
        }
        return child;
    }

    private void awaitReady(ChildProcess process, BooleanSupplier ready, String what) {
        Instant deadline = Instant.now().plus(options.readyTimeout());
        while (!ready.getAsBoolean()) {
            if (stopped) {
                throw new IllegalStateException("Stopped while waiting for " + what);
            }
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited (code " + process.exitCode().orElse(-1)
                        + ") before " + what + ". Last lines of " + display(process.log()) + ":\n" + process.tail(25));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Timed out after " + options.readyTimeout() + " waiting for " + what
                        + ". Last lines of " + display(process.log()) + ":\n" + process.tail(25));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private CompletableFuture<Void> async(Runnable task) {
        return CompletableFuture.runAsync(task, pool);
    }

    private static void join(CompletableFuture<?>... futures) {
        try {
            CompletableFuture.allOf(futures).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the stack", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private Connection postgresConnection() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        credentials.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", credentials);
    }

    private String databaseOf(ServiceSpec spec) {
        // MOORING_TEST_DB_SUFFIX, as for the module tests: two work trees on one PostgreSQL keep their own databases.
        return spec.database() + options.databaseSuffix() + System.getenv().getOrDefault("MOORING_TEST_DB_SUFFIX", "");
    }

    private void writeEnvironmentFile() {
        StringBuilder env = new StringBuilder("# Written by devstack for this run: source it to reach the stack from a shell.\n");
        env.append("MOORING_API_TOKEN=").append(apiToken).append('\n');
        env.append("MOORING_KAFKA=").append(kafkaBootstrap()).append('\n');
        // Kafka's tools take it as --command-config (or --consumer.config/--producer.config): the super user over TLS.
        if (kafkaAdminProperties != null) {
            env.append("MOORING_KAFKA_ADMIN_CONFIG=").append(kafkaAdminProperties.toAbsolutePath()).append('\n');
        }
        env.append("MOORING_POSTGRES=127.0.0.1:").append(postgresPort).append('\n');
        env.append("MOORING_KUBE_API=").append(kubeApiUrl()).append('\n');
        // Exported, unlike the others: kubectl reads it from its environment after `source stack.env`.
        env.append("export KUBECONFIG=").append(kubeconfig().toAbsolutePath()).append('\n');
        env.append("MOORING_SIM_ADMIN=").append(simulatorAdminUrl()).append('\n');
        env.append("MOORING_SIM_ADMIN_TOKEN=").append(simAdminToken).append('\n');
        env.append("MOORING_ARRAYS_CA=").append(arraysCa).append('\n');
        for (SimulatedArray a : arrays) {
            env.append("MOORING_").append(a.name().toUpperCase().replace('-', '_')).append("=https://").append(a.endpoint()).append('\n');
        }
        for (RunningService s : services.values()) {
            env.append("MOORING_").append(s.name().toUpperCase().replace('-', '_')).append("=").append(s.baseUrl()).append('\n');
        }
        if (consoleUrl() != null) {
            env.append("MOORING_CONSOLE=").append(consoleUrl()).append('\n');
        }
        // It holds the tokens: for its owner only.
        writePrivate(options.work().resolve("stack.env"), env.toString());
    }

    /** mooringctl's context for this stack ({@code mooringctl --context <work>/mooringctl.yaml status}). */
    public Path ctlContext() {
        return options.work().resolve("mooringctl.yaml").toAbsolutePath();
    }

    /**
     * The context mooringctl reads: each service's URL (its first instance) and the token — by the token file when the
     * stack uses the work directory's, else inline, so the file is for its owner only either way.
     */
    private void writeCtlContext() {
        StringBuilder yaml = new StringBuilder("# Written by devstack for this run: mooringctl --context ")
                .append(display(ctlContext())).append(" status\n");
        yaml.append("name: devstack\nservices:\n");
        for (RunningService s : services.values()) {
            if (s.name().equals(s.spec().name())) {
                yaml.append("  ").append(s.name()).append(": ").append(s.baseUrl()).append('\n');
            }
        }
        if (options.apiToken() == null) {
            yaml.append("tokenFile: ").append(DevTokens.apiTokenFile(options.work()).toAbsolutePath()).append('\n');
        } else {
            yaml.append("token: \"").append(apiToken).append("\"\n");
        }
        writePrivate(ctlContext(), yaml.toString());
    }

    private String logOf(String name) {
        ChildProcess child = children.get(name);
        return child == null ? "-" : display(child.log());
    }

    /** A path relative to the repository root when it is inside it (shorter to read). */
    private String display(Path path) {
        if (path == null) {
            return "-";
        }
        Path absolute = path.toAbsolutePath().normalize();
        Path root = options.root().toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    private void say(String format, Object... args) {
        options.out().println(String.format(format, args));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String resource(String name) {
        try (InputStream in = Stack.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file, making its directory first. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a file only its owner may read (it holds a secret), making its directory first: made anew with mode 600,
     * so a file that was readable before is not read in between. On a file system without POSIX modes its own rules apply.
     */
    static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The repository root: {@code -Dmooring.root}, else the nearest directory up from here with devstack/ and pom.xml. */
    public static Path findRoot() {
        String configured = System.getProperty("mooring.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "devstack"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("devstack"))
                    && Files.isDirectory(dir.resolve("flasharray-sim"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find the Mooring repository from " + Path.of("").toAbsolutePath()
                + "; run from inside it or pass -Dmooring.root=<path>");
    }

    /** Optional service lookup, for callers that work with whatever is running. */
    public Optional<RunningService> findService(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
