package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s/monitoring/} read by Prometheus' own tool ({@code promtool}, Debian's package {@code prometheus}): the
 * PrometheusRule's groups and every dashboard query (Grafana's variables filled in) are valid PromQL, and the alerts
 * fire — and stay quiet — on the series of the situations their runbooks describe ({@code alert-scenarios.yaml}).
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of(System.getProperty("mooring.promtool", "/usr/bin/promtool"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path dir;

    @BeforeAll
    static void promtoolIsThere() {
        assertThat(PROMTOOL).as("promtool, to check k8s/monitoring (apt-get install prometheus)").isExecutable();
    }

    @Test
    void theRulesAndEveryDashboardQueryAreValidPromQl() throws Exception {
        Path rules = writeRules();
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard-queries");
        ArrayNode records = group.putArray("rules");
        List<String> queries = MonitoringFiles.dashboardExpressions();
        for (int i = 0; i < queries.size(); i++) {
            records.addObject().put("record", "mooring:dashboard_query_" + i).put("expr", grafanaFilledIn(queries.get(i)));
        }
        Path dashboard = dir.resolve("dashboard-queries.yaml");
        YAML.writeValue(dashboard.toFile(), file);

        Result check = promtool("check", "rules", rules.toString(), dashboard.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found", "SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void eachAlertFiresOnItsSituationAndNotOnAQuietSystem() throws Exception {
        writeRules();
        Path scenarios = dir.resolve("alert-scenarios.yaml");
        try (var in = AlertRulesTest.class.getResourceAsStream("/monitoring/alert-scenarios.yaml")) {
            assertThat(in).as("alert-scenarios.yaml on the test class path").isNotNull();
            Files.write(scenarios, in.readAllBytes());
        }
        Result test = promtool("test", "rules", scenarios.toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    /** The PrometheusRule's groups as a plain rule file (what the Operator hands Prometheus). */
    private static Path writeRules() throws IOException {
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        file.set("groups", MonitoringFiles.rules().path("spec").path("groups"));
        Path rules = dir.resolve("rules.yaml");
        YAML.writeValue(rules.toFile(), file);
        return rules;
    }

    /** Grafana's interval variables as Grafana fills them in; a dashboard variable matches any value. */
    static String grafanaFilledIn(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$__interval", "1m")
                .replaceAll("\\$\\{?[A-Za-z_]+}?", ".*");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("promtool.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ends within 60 s").isTrue();
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
