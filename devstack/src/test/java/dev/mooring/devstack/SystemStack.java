package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What every system test starts from: a stack on free ports with its own databases, two instances of each service
 * (as deployed), its arrays registered,
 * a client of its Kubernetes API, and an event log of the topics the story is told on. Closed in reverse.
 */
final class SystemStack implements AutoCloseable {

    /**
     * Each service runs as many times as {@code k8s/base} deploys it ({@code replicas: 2}); health-svc's two take their
     * liveness decisions one at a time, under its leader lease.
     */
    static final int INSTANCES = 2;

    /** The processes of the four services in that shape. */
    static final int SERVICE_INSTANCES = 4 * INSTANCES;

    /** The stack's options with the instances above. */
    static Stack.Options deployedShape(Stack.Options options) {
        return options.instances(INSTANCES);
    }

    final Stack stack;
    final KubernetesClient kubernetes;
    final EventLog events;

    private SystemStack(Stack stack, KubernetesClient kubernetes, EventLog events) {
        this.stack = stack;
        this.kubernetes = kubernetes;
        this.events = events;
    }

    /** {@code name} names the work directory and the database suffix; settings are per service. */
    static SystemStack start(String name, Map<String, Map<String, String>> settings, String... topics) {
        return start(name, false, settings, topics);
    }

    /** {@code containers}: the services and the simulator from their images (they must be built). */
    static SystemStack start(String name, boolean containers, Map<String, Map<String, String>> settings, String... topics) {
        return start(name, options -> containers ? options.inContainers() : options, settings, topics);
    }

    /** {@code shape}: what the test adds to the deployed shape (containers, node agents…). */
    static SystemStack start(String name, UnaryOperator<Stack.Options> shape, Map<String, Map<String, String>> settings,
                             String... topics) {
        Path root = Stack.findRoot();
        assertThat(root.resolve("health-svc/target/quarkus-app/quarkus-run.jar"))
                .as("the services must be packaged before this test (mvn install, or a reactor verify)").exists();
        Stack.Options options = Stack.Options.defaults(root)
                .work(root.resolve("devstack/target/system-test-" + name))
                .anyFreePorts()
                .databaseSuffix("_systest_" + name.replace('-', '_'));
        options = shape.apply(deployedShape(options));
        for (var service : settings.entrySet()) {
            options = options.serviceSettings(service.getKey(), service.getValue());
        }
        Stack stack = Stack.start(options);
        try {
            stack.printTable(System.out);
            new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken())
                    .awaitArraysRegistered(Duration.ofSeconds(60));
            KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                    .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false).build()).build();
            return new SystemStack(stack, kubernetes, new EventLog(stack.kafkaClientSettings(), topics));
        } catch (RuntimeException | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    /** The REST API of one service, with the stack's token. */
    MooringApi api(String service) {
        return new MooringApi(stack.service(service).baseUrl(), stack.apiToken());
    }

    SimulatorAdminClient simulator() {
        return stack.simulatorAdmin();
    }

    @Override
    public void close() {
        try {
            events.close();
            kubernetes.close();
        } finally {
            stack.close();
        }
    }
}
