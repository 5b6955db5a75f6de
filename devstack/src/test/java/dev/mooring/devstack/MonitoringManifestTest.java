package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/monitoring/}: the rules are a valid PrometheusRule whose every alert says how severe it is, what happened
 * and where its runbook is; the dashboard and the rules name only metrics that {@code docs/metrics.md} lists (that the
 * services really export them is {@code FirstVolumeSystemIT}'s scrape).
 */
class MonitoringManifestTest {

    private static final Path ROOT = Stack.findRoot();
    private static final Set<String> ALERTS = Set.of("MooringArrayUnreachable", "MooringFenceNotConfirmed",
            "MooringTakeoverBlocked", "MooringTakeoversPaused", "MooringDeadLetters", "MooringOutboxLag");

    @Test
    void theRulesAreAPrometheusRuleWithTheAlertsTheIssueAsksFor() {
        JsonNode rules = MonitoringFiles.rules();
        assertThat(rules.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rules.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rules.path("metadata").path("name").asText()).isNotBlank();
        assertThat(rules.path("spec").path("groups")).isNotEmpty().allSatisfy(group -> {
            assertThat(group.path("name").asText()).isNotBlank();
            assertThat(group.path("rules")).isNotEmpty();
        });
        assertThat(MonitoringFiles.alerts()).extracting(a -> a.path("alert").asText())
                .containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookThatExists() {
        for (JsonNode alert : MonitoringFiles.alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("expr").asText()).as(name + " expr").isNotBlank();
            assertThat(alert.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name + " runbook_url").isEqualTo("docs/runbooks/" + name + ".md");
            assertThat(ROOT.resolve(runbook)).as(name + "'s runbook").isRegularFile();
            if (alert.has("for")) {
                assertThat(alert.path("for").asText()).as(name + " for").matches("\\d+[smh]");
            }
        }
    }

    @Test
    void theDashboardIsGrafanaJsonWhosePanelsAllQueryPrometheus() {
        List<String> exprs = MonitoringFiles.dashboardExpressions();
        assertThat(exprs).hasSizeGreaterThan(10).allSatisfy(e -> assertThat(MonitoringFiles.metricsOf(e))
                .as("the metrics of " + e).isNotEmpty().allMatch(m -> m.startsWith("mooring_")));
    }

    @Test
    void everyMetricTheDashboardAndTheRulesNameIsDocumented() throws IOException {
        String documented = Files.readString(ROOT.resolve("docs/metrics.md"));
        Set<String> missing = new TreeSet<>();
        for (String metric : MonitoringFiles.allMetrics()) {
            if (!documented.contains("`" + metric + "`") && !documented.contains("`" + MonitoringFiles.family(metric) + "`")) {
                missing.add(metric);
            }
        }
        assertThat(missing).as("metrics named by k8s/monitoring but not in docs/metrics.md").isEmpty();
    }

    @Test
    void metricNamesAreFoundInExpressionsAndLabelsAndFunctionsAreNot() {
        assertThat(MonitoringFiles.metricsOf("histogram_quantile(0.95, sum by (le, kind) (rate(a_seconds_bucket{x=\"y\"}"
                + "[$__rate_interval])))")).containsExactly("a_seconds_bucket");
        assertThat(MonitoringFiles.metricsOf("(min by (endpoint) (b) == 0) or (sum by (endpoint) (rate(c_total[5m])) > 0)"))
                .containsExactly("b", "c_total");
        assertThat(MonitoringFiles.metricsOf("max by (reason) (d{reason!=\"any\"}) > 1e3")).containsExactly("d");
    }
}
