package dev.mooring.ctl.view;

import static dev.mooring.ctl.api.MooringApi.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.ctl.api.ApiException;
import dev.mooring.ctl.api.MooringApi;
import dev.mooring.ctl.api.MooringClient;
import dev.mooring.ctl.api.Service;
import dev.mooring.ctl.output.Cells;
import dev.mooring.ctl.output.Column;
import dev.mooring.ctl.output.Table;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code mooringctl status}: the whole installation on one page — arrays and pods, services, nodes by state and role,
 * takeovers in flight, orphans and dead letters. A part that cannot be read is shown as such (with why); the rest is
 * still shown.
 */
public final class StatusReport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusReport() {
    }

    /** Reads everything the page shows into one JSON document (what {@code -o json} prints). */
    public static ObjectNode collect(MooringApi api) {
        ObjectNode status = NODES.objectNode();
        status.set("arrays", read(() -> rows(api.arrays(), "arrays")));
        status.set("pods", read(() -> rows(api.pods(), "pods")));
        ArrayNode services = status.putArray("services");
        for (Service service : Service.values()) {
            if (api.client().settings().url(service).isPresent()) {
                services.add(service(api, service));
            }
        }
        status.set("nodes", read(() -> nodeCounts(api.nodes())));
        status.set("takeoversInFlight", read(() -> rows(api.takeovers(true), "takeovers")));
        ObjectNode orphans = status.putObject("orphans");
        ObjectNode deadLetters = status.putObject("deadLetters");
        for (Service service : Service.values()) {
            if (api.client().settings().url(service).isPresent()) {
                orphans.set(service.serviceName(), read(() -> NODES.numberNode(rows(api.orphans(service), "orphans").size())));
                deadLetters.set(service.serviceName(), read(() -> NODES.numberNode(
                        rows(api.deadLetters(service, false), "deadLetters").size())));
            }
        }
        return status;
    }

    /** How many parts of the page could not be read (a section, a service, a count). */
    public static int unreadable(JsonNode status) {
        return status.findValues("error").size();
    }

    private static JsonNode read(Supplier<JsonNode> part) {
        try {
            return part.get();
        } catch (ApiException e) {
            return NODES.objectNode().put("error", e.getMessage());
        }
    }

    private static ObjectNode service(MooringApi api, Service service) {
        ObjectNode row = NODES.objectNode().put("service", service.serviceName())
                .put("url", api.client().settings().url(service).orElseThrow().toString());
        try {
            MooringClient.Answer health = api.health(service);
            row.put("health", field(health.body(), "status", health.status() == 200 ? "UP" : "DOWN (" + health.status() + ")"));
        } catch (ApiException e) {
            row.put("health", "UNREACHABLE").put("error", e.getMessage());
            return row;
        }
        try {
            MooringClient.Answer openApi = api.openApi(service);
            if (openApi.status() == 200) {
                row.put("version", JSON.readTree(openApi.body()).path("info").path("version").asText(""));
            }
        } catch (ApiException | IOException e) {
            // The version is a nicety: a service that does not serve its OpenAPI document is still shown.
        }
        try {
            MooringClient.Answer metrics = api.metrics(service);
            if (metrics.status() == 200) {
                Double lag = maxOf(metrics.body(), "mooring_intake_lag_seconds_max");
                if (lag != null) {
                    row.put("lagSeconds", lag);
                }
            }
        } catch (ApiException e) {
            // As above: lag is shown when the metrics can be read.
        }
        return row;
    }

    /** The largest value of a Prometheus metric over all its series; null when absent. */
    static Double maxOf(String prometheusText, String metric) {
        Double max = null;
        for (String line : prometheusText.lines().toList()) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                try {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    max = max == null ? value : Math.max(max, value);
                } catch (NumberFormatException e) {
                    // Not a sample line.
                }
            }
        }
        return max;
    }

    private static String field(String json, String field, String otherwise) {
        try {
            String value = JSON.readTree(json).path(field).asText("");
            return value.isEmpty() ? otherwise : value;
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** {@code {"byState": {"Online": 3}, "byRole": {...}, "byStateAndRole": {"Online/storage": 1}}}. */
    static ObjectNode nodeCounts(JsonNode answer) {
        Map<String, Integer> byState = new TreeMap<>();
        Map<String, Integer> byRole = new TreeMap<>();
        Map<String, Integer> both = new TreeMap<>();
        for (JsonNode node : rows(answer, "nodes")) {
            String state = node.path("state").asText("?");
            String role = node.path("role").asText("none");
            byState.merge(state, 1, Integer::sum);
            byRole.merge(role, 1, Integer::sum);
            both.merge(state + "/" + role, 1, Integer::sum);
        }
        ObjectNode counts = NODES.objectNode();
        counts.put("total", rows(answer, "nodes").size());
        byState.forEach(counts.putObject("byState")::put);
        byRole.forEach(counts.putObject("byRole")::put);
        both.forEach(counts.putObject("byStateAndRole")::put);
        JsonNode paused = answer.path("takeovers");
        if (paused.path("paused").asBoolean()) {
            counts.put("takeoversPaused", Cells.text(paused, "reasons"));
        }
        counts.put("leader", answer.path("leader").path("holder").asText(""));
        return counts;
    }

    /** The page for people. */
    public static String render(JsonNode status) {
        StringBuilder out = new StringBuilder();
        section(out, "ARRAYS", status.path("arrays"), rows -> Table.of(Column.of("NAME", "name"), Column.of("STATUS", "status"),
                Column.of("PURITY", "purityVersion"), new Column("CAPACITY", a -> Cells.bytes(a, "capacityBytes")),
                new Column("FREE", a -> Cells.bytes(a, "freeBytes")), Column.of("FAILURE", "failureReason")).render(rows));
        section(out, "PODS", status.path("pods"), StatusReport::pods);
        section(out, "SERVICES", status.path("services"), rows -> Table.of(Column.of("SERVICE", "service"),
                Column.of("HEALTH", "health"), Column.of("VERSION", "version"),
                new Column("LAG", s -> s.has("lagSeconds") ? lag(s.path("lagSeconds").asDouble()) : ""),
                Column.of("URL", "url"), Column.of("ERROR", "error")).render(rows));
        section(out, "NODES", status.path("nodes"), StatusReport::nodes);
        section(out, "TAKEOVERS IN FLIGHT", status.path("takeoversInFlight"), rows -> Table.of(Column.of("ID", "takeoverId"),
                Column.of("FAILED NODE", "failedNode"), Column.of("REPLACEMENT", "replacementNode"),
                Column.of("STATUS", "status"), new Column("DEADLINE", t -> Cells.time(t, "deadlineAt")),
                Column.of("BLOCKED", "blockedReason")).render(rows));
        section(out, "ORPHANS", status.path("orphans"), StatusReport::counts);
        section(out, "DEAD LETTERS", status.path("deadLetters"), StatusReport::counts);
        return out.toString().stripTrailing() + "\n";
    }

    /** The largest delay of an event seen lately: {@code 12ms}, {@code 1.5s}. */
    private static String lag(double seconds) {
        return seconds < 1 ? Math.round(seconds * 1000) + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", seconds);
    }

    private interface Body {
        String render(JsonNode part);
    }

    private static void section(StringBuilder out, String title, JsonNode part, Body body) {
        out.append(title).append('\n');
        String text = part.has("error") && part.isObject() && part.size() == 1
                ? "unavailable: " + part.path("error").asText() + "\n" : body.render(part);
        text.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        out.append('\n');
    }

    private static String pods(JsonNode pods) {
        ArrayNode rows = NODES.arrayNode();
        for (JsonNode pod : pods) {
            for (JsonNode array : pod.path("arrays")) {
                ObjectNode row = rows.addObject().put("pod", pod.path("pod").asText()).put("array", array.path("array").asText())
                        .put("status", array.path("status").asText());
                if (array.has("progress")) {
                    row.put("progress", array.path("progress").asText());
                }
                row.put("mediator", array.path("mediatorStatus").asText(""));
            }
        }
        return Table.of(Column.of("POD", "pod"), Column.of("ARRAY", "array"), Column.of("STATUS", "status"),
                Column.of("PROGRESS", "progress"), Column.of("MEDIATOR", "mediator")).render(rows);
    }

    private static String nodes(JsonNode counts) {
        StringBuilder out = new StringBuilder();
        out.append("total ").append(counts.path("total").asInt());
        if (!counts.path("leader").asText().isEmpty()) {
            out.append("; liveness decided by ").append(counts.path("leader").asText());
        }
        if (counts.has("takeoversPaused")) {
            out.append("; TAKEOVERS PAUSED: ").append(counts.path("takeoversPaused").asText());
        }
        out.append('\n');
        java.util.List<String[]> lines = new java.util.ArrayList<>();
        lines.add(new String[] {"STATE", "ROLE", "COUNT"});
        counts.path("byStateAndRole").fields().forEachRemaining(e -> {
            String[] stateRole = e.getKey().split("/", 2);
            lines.add(new String[] {stateRole[0], stateRole[1], e.getValue().asText()});
        });
        return out + Table.renderLines(lines);
    }

    private static String counts(JsonNode perService) {
        java.util.List<String[]> lines = new java.util.ArrayList<>();
        lines.add(new String[] {"SERVICE", "COUNT"});
        perService.fields().forEachRemaining(e -> lines.add(new String[] {e.getKey(),
                e.getValue().has("error") ? "unavailable: " + e.getValue().path("error").asText() : e.getValue().asText()}));
        return Table.renderLines(lines);
    }
}
