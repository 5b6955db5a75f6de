package dev.mooring.ctl.view;

import static dev.mooring.ctl.api.MooringApi.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.ctl.output.Cells;
import dev.mooring.ctl.output.Column;
import dev.mooring.ctl.output.Details;
import dev.mooring.ctl.output.Table;
import java.util.ArrayList;
import java.util.List;

/** The pages of the {@code inspect} commands. */
public final class Inspections {

    /** The phases of a takeover in order: label and the field of its time. */
    static final List<String[]> PHASES = List.of(
            new String[] {"last heartbeat", "lastHeartbeatAt"},
            new String[] {"deadline", "deadlineAt"},
            new String[] {"blocked", "blockedAt"},
            new String[] {"decided", "decidedAt"},
            new String[] {"fencing failed", "fencingFailedAt"},
            new String[] {"fenced", "fencedAt"},
            new String[] {"drives moved", "drivesMovedAt"},
            new String[] {"identity transferred", "identityTransferredAt"},
            new String[] {"completed", "completedAt"},
            new String[] {"abandoned", "abandonedAt"});

    /** Phases that only some takeovers go through: shown when reached. */
    private static final List<String> EXCEPTIONAL = List.of("blockedAt", "fencingFailedAt", "abandonedAt");

    private Inspections() {
    }

    public static String array(JsonNode a) {
        Details d = new Details().field("Name", Cells.text(a, "name")).field("Id", Cells.text(a, "id"))
                .field("Endpoint", Cells.text(a, "endpoint")).field("Status", Cells.text(a, "status"))
                .field("Purity", Cells.text(a, "purityVersion")).field("Capacity", Cells.bytes(a, "capacityBytes"))
                .field("Free", Cells.bytes(a, "freeBytes"))
                .field("Failure", join(Cells.text(a, "failureReason"), Cells.text(a, "failureMessage")))
                .field("Checked", Cells.time(a, "checkedAt")).field("Last change", Cells.time(a, "lastChangeAt"));
        if (a.path("labels").size() > 0) {
            StringBuilder labels = new StringBuilder();
            a.path("labels").fields().forEachRemaining(e -> labels.append(e.getKey()).append('=')
                    .append(e.getValue().asText()).append('\n'));
            d.section("Labels", labels.toString());
        }
        return d.render();
    }

    /** A volume, with its attachments ({@code attachments}: attach-svc's answer for the volume). */
    public static String volume(JsonNode v, JsonNode attachments) {
        Details d = new Details().field("Id", Cells.text(v, "id")).field("Name", Cells.text(v, "name"))
                .field("State", Cells.text(v, "state")).field("Size", Cells.text(v, "size"))
                .field("Backend", Cells.text(v, "backend")).field("Pod", Cells.text(v, "podName"))
                .field("Array volume", Cells.text(v, "arrayVolumeName")).field("Arrays", Cells.text(v, "arrays"))
                .field("Serial", Cells.text(v, "serial"))
                .field("Failure", join(Cells.text(v, "failure.reason"), Cells.text(v, "failure.message")))
                .field("Claim", v.has("claim") ? Cells.text(v, "claim.namespace") + "/" + Cells.text(v, "claim.name") : "")
                .field("Replicas", Cells.text(v, "repl"))
                .field("Created", Cells.time(v, "createdAt")).field("Updated", Cells.time(v, "updatedAt"));
        if (v.has("replicas")) {
            d.section("Replicas", Table.of(Column.of("#", "index"), Column.of("POOL", "pool"), Column.of("NODE", "node"),
                    Column.of("REGION", "region"), Column.of("ZONE", "zone"), Column.of("RACK", "rack"),
                    Column.of("ARRAYS", "arrays")).render(v.path("replicas")));
        }
        if (v.path("placement").size() > 0) {
            StringBuilder reasons = new StringBuilder();
            v.path("placement").forEach(r -> reasons.append(r.asText()).append('\n'));
            d.section("Placement", reasons.toString());
        }
        d.section("Attachments", attachmentsWithPaths(attachments));
        return d.render();
    }

    private static String attachmentsWithPaths(JsonNode attachments) {
        StringBuilder out = new StringBuilder(Table.of(Column.of("ID", "id"), Column.of("NODE", "nodeName"),
                Column.of("STATE", "state"), Column.of("DEVICE", "device.path")).render(rows(attachments, "attachments")));
        for (JsonNode a : rows(attachments, "attachments")) {
            if (a.path("paths").size() > 0) {
                out.append("paths of ").append(a.path("id").asText()).append(":\n");
                out.append(paths(a).lines().map(l -> "  " + l + "\n").reduce("", String::concat));
            }
        }
        return out.toString();
    }

    static String paths(JsonNode attachment) {
        return Table.of(Column.of("ARRAY", "array"), Column.of("HOST", "host"), Column.of("PROTOCOL", "protocol"),
                Column.of("LUN", "lun"), Column.of("STATE", "state"), Column.of("REASON", "stateReason"),
                new Column("SINCE", p -> Cells.time(p, "stateSince"))).render(attachment.path("paths"));
    }

    public static String attachment(JsonNode a) {
        return new Details().field("Id", Cells.text(a, "id")).field("Volume", Cells.text(a, "volumeId"))
                .field("Node", Cells.text(a, "nodeName")).field("Source", Cells.text(a, "source"))
                .field("State", Cells.text(a, "state"))
                .field("Failure", join(Cells.text(a, "failure.reason"), Cells.text(a, "failure.message")))
                .field("Device", Cells.text(a, "device.path")).field("Requested", Cells.time(a, "requestedAt"))
                .field("Updated", Cells.time(a, "updatedAt"))
                .section("Paths", paths(a)).render();
    }

    public static String pool(JsonNode p) {
        return new Details().field("Id", Cells.text(p, "id")).field("Node", Cells.text(p, "node"))
                .field("Origin node", Cells.text(p, "originNode")).field("State", Cells.text(p, "state"))
                .field("Place", join3(Cells.text(p, "region"), Cells.text(p, "zone"), Cells.text(p, "rack")))
                .field("Capacity", Cells.bytes(p, "capacityBytes")).field("Used", Cells.bytes(p, "usedBytes"))
                .field("Over threshold", p.path("overThreshold").asBoolean() ? "yes" : "no")
                .field("Failure", join(Cells.text(p, "failureReason"), Cells.text(p, "failureMessage")))
                .field("Updated", Cells.time(p, "updatedAt"))
                .section("Drives", Table.of(Column.of("NAME", "name"), Column.of("ARRAY", "array"),
                        new Column("SIZE", d -> Cells.bytes(d, "sizeBytes")), Column.of("SERIAL", "serial"),
                        Column.of("ATTACHED", "attached"), Column.of("PURPOSE", "purpose"),
                        Column.of("PROBLEM", "attachFailure")).render(p.path("drives")))
                .render();
    }

    /** A node as health-svc sees it, with every takeover of it. */
    public static String node(JsonNode n) {
        Details d = new Details().field("Name", Cells.text(n, "name")).field("State", Cells.text(n, "state"))
                .field("Role", Cells.text(n, "role")).field("Pool", Cells.text(n, "poolId"))
                .field("Region", Cells.text(n, "region")).field("Zone", Cells.text(n, "zone"))
                .field("Last heartbeat", Cells.time(n, "lastHeartbeatAt")).field("Online since", Cells.time(n, "onlineSince"))
                .field("Signals", signals(n.path("signals")))
                .field("Decision signals", Cells.text(n, "decisionSignals"))
                .field("Initiators known", n.path("initiatorsKnown").asBoolean() ? "yes" : "no");
        JsonNode outage = n.path("currentOutage");
        if (outage.isObject()) {
            d.section("Outage", new Details().field("Since", Cells.time(outage, "since"))
                    .field("Last heartbeat", Cells.time(outage, "lastHeartbeatAt"))
                    .field("Takeover deadline", Cells.time(outage, "takeoverDeadlineAt"))
                    .field("Takeover waived", outage.path("takeoverWaived").asBoolean() ? "yes" : "")
                    .render());
        }
        d.section("Takeovers", Table.of(Column.of("ID", "takeoverId"), Column.of("STATUS", "status"),
                Column.of("REPLACEMENT", "replacementNode"), new Column("DECIDED", t -> Cells.time(t, "decidedAt")),
                new Column("COMPLETED", t -> Cells.time(t, "completedAt")), Column.of("BLOCKED", "blockedReason"))
                .render(n.path("takeovers")));
        return d.render();
    }

    /** A takeover: who failed, who replaced it, and every phase with its time and how long after the deadline. */
    public static String takeover(JsonNode t) {
        Details d = new Details().field("Takeover", Cells.text(t, "takeoverId"))
                .field("Failed node", Cells.text(t, "failedNode")).field("Replacement", Cells.text(t, "replacementNode"))
                .field("Place", join3(Cells.text(t, "region"), Cells.text(t, "zone"), ""))
                .field("Status", Cells.text(t, "status")).field("Signals", Cells.text(t, "signals"))
                .field("Blocked", join(Cells.text(t, "blockedReason"), Cells.text(t, "blockedMessage")))
                .field("Fencing failure", Cells.text(t, "fencingFailureReason"));
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"PHASE", "AT", "AFTER DEADLINE"});
        for (String[] phase : PHASES) {
            String at = Cells.preciseTime(t, phase[1]);
            if (at.isEmpty() && EXCEPTIONAL.contains(phase[1])) {
                continue;
            }
            lines.add(new String[] {phase[0], at.isEmpty() ? "-" : at,
                    at.isEmpty() ? "" : Cells.after(t, "deadlineAt", phase[1])});
        }
        d.section("Phases", Table.renderLines(lines));
        return d.render();
    }

    /** A failover or failback: between which domains, its outcome, and every step with its time. */
    public static String drOperation(JsonNode o) {
        String kind = Cells.text(o, "kind");
        return new Details().field(kind.isEmpty() ? "Operation" : Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
                        Cells.text(o, "id"))
                .field("From", Cells.text(o, "from")).field("To", Cells.text(o, "to")).field("State", Cells.text(o, "state"))
                .field("Failure", Cells.failure(o)).field("Namespaces", Cells.text(o, "namespaces"))
                .field("Requested", Cells.time(o, "requestedAt")).field("Decided", Cells.time(o, "decidedAt"))
                .field("Finished", Cells.time(o, "finishedAt")).field("Took", Cells.after(o, "requestedAt", "finishedAt"))
                .section("Steps", Table.of(Column.of("STEP", "name"), Column.of("STATE", "state"),
                        new Column("AT", s -> Cells.preciseTime(s, "at")), Column.of("DETAIL", "detail"))
                        .render(o.path("steps")))
                .render();
    }

    /** A failover's dry run: whether it would succeed, each check, and the steps it would take. */
    public static String failoverPlan(JsonNode plan) {
        StringBuilder steps = new StringBuilder();
        int n = 0;
        for (JsonNode step : plan.path("steps")) {
            steps.append(++n).append(". ").append(step.asText()).append('\n');
        }
        return new Details().field("Would succeed", plan.path("wouldSucceed").asBoolean() ? "yes" : "no")
                .section("Checks", checks(plan.path("checks")))
                .section("Steps", steps.isEmpty() ? "(none)\n" : steps.toString())
                .render();
    }

    /** Checks as PASS or FAIL with their detail. */
    public static String checks(JsonNode checks) {
        return Table.of(Column.of("CHECK", "name"), new Column("RESULT", c -> c.path("passed").asBoolean() ? "PASS" : "FAIL"),
                Column.of("DETAIL", "detail")).render(checks);
    }

    private static String signals(JsonNode signals) {
        if (!signals.isObject()) {
            return signals.isMissingNode() || signals.isNull() ? "" : signals.asText();
        }
        StringBuilder text = new StringBuilder();
        signals.fields().forEachRemaining(e -> text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append('=')
                .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return text.toString();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ": " + b;
    }

    private static String join3(String region, String zone, String rack) {
        return String.join("/", java.util.stream.Stream.of(region, zone, rack).filter(s -> !s.isEmpty()).toList());
    }
}
