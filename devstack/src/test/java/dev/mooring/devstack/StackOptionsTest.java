package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A system test composes its stack from the defaults with one change after another: none undoes an earlier one. */
class StackOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void everyChangeKeepsTheChangesMadeBeforeIt() {
        Stack.Options options = Stack.Options.defaults(ROOT).anyFreePorts().databaseSuffix("_t")
                .serviceSettings("health-svc", Map.of("mooring.health.grace", "2s")).withoutPureSecret().inContainers()
                .instances(2).instancesOf("topology-svc", 1).ownPostgres().nodeAgents("node-1").withPlaintextKafka()
                .readyTimeout(Duration.ofSeconds(90)).onlyServices("health-svc", "topology-svc").withProductionJit()
                .out(System.err).work(Path.of("/tmp/stack"));

        assertThat(options).isEqualTo(new Stack.Options(ROOT, Path.of("/tmp/stack"), false, "_t", null,
                Duration.ofSeconds(90), System.err, Map.of("health-svc", Map.of("mooring.health.grace", "2s")), false, true,
                Map.of(Stack.Options.ALL_SERVICES, 2, "topology-svc", 1), true, List.of("node-1"), true, null,
                List.of("health-svc", "topology-svc"), true));
        assertThat(options.instancesOf("health-svc")).isEqualTo(2);
        assertThat(options.instancesOf("topology-svc")).isEqualTo(1);
    }

    @Test
    void theDefaultsAreThoseOfDevstackUp() {
        Stack.Options defaults = Stack.Options.defaults(ROOT);

        assertThat(defaults.work()).isEqualTo(ROOT.resolve("devstack/work"));
        assertThat(defaults.preferDefaultPorts()).isTrue();
        assertThat(defaults.pureSecret()).isTrue();
        assertThat(defaults.containers()).isFalse();
        assertThat(defaults.instancesOf("attach-svc")).isEqualTo(1);
        assertThat(defaults.readyTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(defaults.productionJit()).isFalse();
    }

    @Test
    void neitherTheServicesTokenNorAnArraysShowsWhenPrinted() {
        String token = "a-token-no-log-may-show-0123456789";
        Stack.Options options = new Stack.Options(ROOT, ROOT, true, "", token, Duration.ofMinutes(3), System.out,
                Map.of(), true, false, Map.of(), false, List.of(), false, null, List.of(), false);

        assertThat(options.toString()).doesNotContain(token).contains("apiToken=(given)", "work=/repo");
        assertThat(new Stack.SimulatedArray("array-a", 8443, token).toString())
                .isEqualTo("SimulatedArray[name=array-a, endpoint=127.0.0.1:8443]");
    }

    @Test
    void aServiceRunsOneToFourInstances() {
        assertThatThrownBy(() -> Stack.Options.defaults(ROOT).instancesOf("attach-svc", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("instances of attach-svc: 1 to 4, got 5");
        assertThatThrownBy(() -> Stack.Options.defaults(ROOT).instances(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("instances of *: 1 to 4, got 0");
    }
}
