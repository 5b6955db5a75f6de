package dev.mooring.ctl.view;

import static dev.mooring.ctl.api.MooringApi.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.ctl.output.Cells;
import dev.mooring.ctl.output.Column;
import dev.mooring.ctl.output.Details;
import dev.mooring.ctl.output.Table;

/** The tables of the {@code list} commands, each from the API's answer as is. */
public final class Lists {

    private Lists() {
    }

    public static String arrays(JsonNode answer) {
        String table = Table.of(Column.of("NAME", "name"), Column.of("STATUS", "status"), Column.of("PURITY", "purityVersion"),
                new Column("CAPACITY", a -> Cells.bytes(a, "capacityBytes")), new Column("FREE", a -> Cells.bytes(a, "freeBytes")),
                Column.of("ENDPOINT", "endpoint"), Column.of("FAILURE", "failureReason"))
                .render(rows(answer, "arrays"));
        StringBuilder refused = new StringBuilder();
        for (JsonNode r : rows(answer, "refusedEntries")) {
            refused.append("refused pure.json entry ").append(r.path("entry").asText()).append(": ")
                    .append(r.path("reason").asText()).append('\n');
        }
        return table + refused;
    }

    public static String volumes(JsonNode answer) {
        return Table.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("STATE", "state"), Column.of("SIZE", "size"),
                Column.of("BACKEND", "backend"), Column.of("ARRAYS", "arrays"), Column.of("FAILURE", "failure.reason"))
                .render(rows(answer, "volumes"));
    }

    public static String pools(JsonNode answer) {
        return Table.of(Column.of("ID", "id"), Column.of("NODE", "node"), Column.of("STATE", "state"),
                Column.of("ZONE", "zone"), new Column("CAPACITY", p -> Cells.bytes(p, "capacityBytes")),
                new Column("USED", p -> Cells.bytes(p, "usedBytes")), new Column("DRIVES", p -> String.valueOf(p.path("drives").size())),
                Column.of("FAILURE", "failureReason"))
                .render(rows(answer, "pools"));
    }

    public static String attachments(JsonNode answer) {
        return Table.of(Column.of("ID", "id"), Column.of("VOLUME", "volumeId"), Column.of("NODE", "nodeName"),
                Column.of("STATE", "state"), new Column("PATHS", Lists::paths), Column.of("DEVICE", "device.path"),
                Column.of("FAILURE", "failure.reason"))
                .render(rows(answer, "attachments"));
    }

    /** {@code array-a:up,array-b:down}. */
    static String paths(JsonNode attachment) {
        StringBuilder text = new StringBuilder();
        for (JsonNode p : attachment.path("paths")) {
            text.append(text.isEmpty() ? "" : ",").append(p.path("array").asText()).append(':').append(p.path("state").asText());
        }
        return text.toString();
    }

    public static String nodes(JsonNode answer) {
        return Table.of(Column.of("NAME", "name"), Column.of("STATE", "state"), Column.of("ROLE", "role"),
                Column.of("ZONE", "zone"), Column.of("POOL", "poolId"), new Column("LAST HEARTBEAT", n -> Cells.time(n, "lastHeartbeatAt")),
                new Column("TAKEOVERS", n -> String.valueOf(n.path("takeovers").size())))
                .render(rows(answer, "nodes"));
    }

    public static String takeovers(JsonNode answer) {
        return Table.of(Column.of("ID", "takeoverId"), Column.of("FAILED NODE", "failedNode"),
                Column.of("REPLACEMENT", "replacementNode"), Column.of("ZONE", "zone"), Column.of("STATUS", "status"),
                new Column("DEADLINE", t -> Cells.time(t, "deadlineAt")),
                new Column("TOOK", t -> Cells.after(t, "deadlineAt", "completedAt")),
                Column.of("BLOCKED", "blockedReason"))
                .render(rows(answer, "takeovers"));
    }

    public static String deadLetters(JsonNode rows) {
        return Table.of(Column.of("SERVICE", "service"), Column.of("ID", "id"), Column.of("CHANNEL", "channel"),
                Column.of("EVENT", "eventType"), Column.of("ATTEMPTS", "attempts"),
                new Column("AT", d -> Cells.time(d, "deadLetteredAt")), new Column("REPLAYED", d -> Cells.time(d, "replayedAt")),
                Column.of("REASON", "reason"))
                .render(rows);
    }

    /** The cluster domains (disaster recovery): the domains, the epoch and witness, and the stretched pods per array. */
    public static String clusterDomains(JsonNode answer) {
        JsonNode witness = answer.path("witness");
        String witnessText = !witness.isObject() ? "none configured" : Cells.text(witness, "url")
                + (witness.path("reachable").asBoolean() ? " (reachable)"
                : " (unreachable" + (Cells.text(witness, "error").isEmpty() ? ")" : ": " + Cells.text(witness, "error") + ")"));
        return domains(answer) + '\n'
                + new Details().field("Epoch", Cells.text(answer, "epoch")).field("Witness", witnessText).render() + '\n'
                + stretchedPods(answer);
    }

    /** The domains alone: which is local, its state, whether the local side reaches it, and why it is as it is. */
    public static String domains(JsonNode answer) {
        return Table.of(Column.of("DOMAIN", "name"), new Column("LOCAL", d -> d.path("local").asBoolean() ? "*" : ""),
                Column.of("STATE", "state"), new Column("REACHABLE", d -> d.path("reachable").asBoolean() ? "yes" : "no"),
                new Column("CHANGED", d -> Cells.time(d, "changedAt")),
                // A domain out of reach has no state; the error says why, and matters more than the last reason.
                new Column("REASON/ERROR", d -> Cells.text(d, "error").isEmpty() ? Cells.text(d, "reason")
                        : Cells.text(d, "error")))
                .render(rows(answer, "domains"));
    }

    /** One row per stretched pod and array. */
    static String stretchedPods(JsonNode answer) {
        ArrayNode perArray = JsonNodeFactory.instance.arrayNode();
        for (JsonNode pod : rows(answer, "pods")) {
            for (JsonNode array : pod.path("arrays")) {
                ObjectNode row = perArray.addObject().put("pod", pod.path("name").asText());
                row.setAll((ObjectNode) array);
            }
        }
        return Table.of(Column.of("POD", "pod"), Column.of("ARRAY", "array"), Column.of("DOMAIN", "domain"),
                Column.of("STATUS", "status"), Column.of("MEDIATOR", "mediatorStatus"), Column.of("PROGRESS", "progress"))
                .render(perArray);
    }

    /** Failovers or failbacks ({@code field}: {@code failovers}, {@code failbacks}). */
    public static String drOperations(JsonNode answer, String field) {
        return Table.of(Column.of("ID", "id"), Column.of("FROM", "from"), Column.of("TO", "to"), Column.of("STATE", "state"),
                new Column("REQUESTED", o -> Cells.time(o, "requestedAt")),
                new Column("TOOK", o -> Cells.after(o, "requestedAt", "finishedAt")), new Column("FAILURE", Cells::failure))
                .render(rows(answer, field));
    }

    /** The topology tree, one line per node, indented by level. */
    public static String topology(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        out.append(answer.path("nodes").asInt()).append(" nodes\n");
        for (JsonNode region : answer.path("regions")) {
            out.append("region ").append(name(region)).append(sources(region)).append('\n');
            for (JsonNode zone : region.path("zones")) {
                out.append("  zone ").append(name(zone)).append(sources(zone)).append('\n');
                for (JsonNode rack : zone.path("racks")) {
                    out.append("    rack ").append(name(rack)).append(sources(rack)).append('\n');
                    for (JsonNode node : rack.path("nodes")) {
                        out.append("      ").append(node.path("name").asText())
                                .append(node.path("ready").asBoolean() ? "" : " (not ready)").append('\n');
                    }
                }
            }
        }
        for (JsonNode c : answer.path("conflicts")) {
            out.append("conflict on ").append(c.path("node").asText()).append(": ").append(c.path("conflict").asText()).append('\n');
        }
        return out.toString();
    }

    private static String name(JsonNode level) {
        return level.path("name").isNull() || level.path("name").isMissingNode() ? "(none)" : level.path("name").asText();
    }

    private static String sources(JsonNode level) {
        String s = Cells.text(level, "sources");
        return s.isEmpty() ? "" : "  [" + s + "]";
    }
}
