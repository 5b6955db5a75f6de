package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code k8s/monitoring/}: the dashboard's and the alert rules' PromQL expressions, and the metric names they use.
 */
final class MonitoringFiles {

    static final Path DIR = Stack.findRoot().resolve("k8s/monitoring");
    static final Path DASHBOARD = DIR.resolve("mooring-dashboard.json");
    static final Path RULES = DIR.resolve("prometheus-rules.yaml");

    /** What PromQL names that is not a metric: functions, aggregations, keywords. */
    private static final Set<String> NOT_METRICS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar",
            "topk", "bottomk", "quantile", "count_values", "group", "rate", "irate", "increase", "delta", "idelta",
            "deriv", "histogram_quantile", "abs", "absent", "absent_over_time", "ceil", "floor", "round", "clamp_min",
            "clamp_max", "time", "vector", "scalar", "label_replace", "label_join", "max_over_time", "min_over_time",
            "avg_over_time", "sum_over_time", "count_over_time", "last_over_time", "changes", "resets", "by",
            "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoringFiles() {
    }

    /** Every {@code expr} of the dashboard's panels (rows' nested panels too). */
    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        collect(read(DASHBOARD, new ObjectMapper()).path("panels"), exprs);
        return exprs;
    }

    /** The rules document. */
    static JsonNode rules() {
        return read(RULES, new ObjectMapper(new YAMLFactory()));
    }

    /** Every alert rule of the document. */
    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rules().path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        return alerts;
    }

    /** The dashboard's and the rules' expressions. */
    static List<String> allExpressions() {
        List<String> all = new ArrayList<>(dashboardExpressions());
        rules().path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> all.add(r.path("expr").asText())));
        return all;
    }

    /** The metric names an expression uses (label names, functions, ranges, strings and numbers left out). */
    static Set<String> metricsOf(String expr) {
        String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // label values
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ") // label lists
                .replaceAll("\\$__\\w+", " "); // Grafana's variables
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            int end = m.end();
            boolean isCall = stripped.substring(end).matches("(?s)\\s*\\(.*");
            if (!NOT_METRICS.contains(word.toLowerCase(java.util.Locale.ROOT)) && !isCall
                    && !(m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1)))) {
                names.add(word);
            }
        }
        return names;
    }

    /** The metric names of all expressions. */
    static Set<String> allMetrics() {
        Set<String> names = new TreeSet<>();
        allExpressions().forEach(e -> names.addAll(metricsOf(e)));
        return names;
    }

    /** A histogram's series name without its {@code _bucket}, {@code _sum} or {@code _count}. */
    static String family(String name) {
        return name.replaceFirst("_(bucket|sum|count)$", "");
    }

    private static void collect(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> {
                if (t.hasNonNull("expr")) {
                    exprs.add(t.path("expr").asText());
                }
            });
            collect(panel.path("panels"), exprs);
        }
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
