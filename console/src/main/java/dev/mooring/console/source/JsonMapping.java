package dev.mooring.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.console.model.ArrayInfo;
import dev.mooring.console.model.AttachmentInfo;
import dev.mooring.console.model.NodeInfo;
import dev.mooring.console.model.NodesOverview;
import dev.mooring.console.model.PodArrayInfo;
import dev.mooring.console.model.TakeoverInfo;
import dev.mooring.console.model.VolumeInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The services' JSON answers as the console's model; a field that is absent is null. */
final class JsonMapping {

    private JsonMapping() {
    }

    /** provisioner-svc {@code GET /api/v1/arrays}. */
    static List<ArrayInfo> arrays(JsonNode answer) {
        List<ArrayInfo> arrays = new ArrayList<>();
        for (JsonNode a : answer.path("arrays")) {
            arrays.add(new ArrayInfo(text(a, "name"), text(a, "endpoint"), text(a, "status"), text(a, "purityVersion"),
                    number(a, "capacityBytes"), number(a, "freeBytes"), text(a, "failureReason"),
                    text(a, "failureMessage"), time(a, "checkedAt")));
        }
        return arrays;
    }

    /** health-svc {@code GET /api/v1/pods}: one row per pod and array. */
    static List<PodArrayInfo> pods(JsonNode answer) {
        List<PodArrayInfo> rows = new ArrayList<>();
        for (JsonNode pod : answer.path("pods")) {
            for (JsonNode a : pod.path("arrays")) {
                rows.add(new PodArrayInfo(text(pod, "pod"), text(a, "array"), text(a, "status"),
                        a.hasNonNull("progress") ? a.get("progress").asDouble() : null, text(a, "mediatorStatus"),
                        time(a, "changedAt")));
            }
        }
        return rows;
    }

    /** health-svc {@code GET /api/v1/nodes}. */
    static NodesOverview nodes(JsonNode answer) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : answer.path("takeovers").path("reasons")) {
            reasons.add(text(r, "reason") + ": " + text(r, "message"));
        }
        List<NodeInfo> nodes = new ArrayList<>();
        for (JsonNode n : answer.path("nodes")) {
            nodes.add(node(n));
        }
        return new NodesOverview(text(answer.path("leader"), "holder"), answer.path("takeovers").path("paused").asBoolean(),
                reasons, nodes);
    }

    static NodeInfo node(JsonNode n) {
        JsonNode o = n.path("currentOutage");
        NodeInfo.Outage outage = o.isObject() ? new NodeInfo.Outage(time(o, "since"), time(o, "lastHeartbeatAt"),
                time(o, "takeoverDeadlineAt"), o.path("takeoverWaived").asBoolean()) : null;
        List<TakeoverInfo> takeovers = new ArrayList<>();
        for (JsonNode t : n.path("takeovers")) {
            TakeoverInfo takeover = takeover(text(n, "name"), t);
            // The outage's start is known for the takeover of the outage in progress (same last heartbeat).
            if (outage != null && outage.lastHeartbeatAt() != null
                    && outage.lastHeartbeatAt().equals(takeover.lastHeartbeatAt())) {
                takeover = takeover.withOfflineSince(outage.since());
            }
            takeovers.add(takeover);
        }
        return new NodeInfo(text(n, "name"), text(n, "state"), text(n, "role"), text(n, "region"), text(n, "zone"),
                text(n, "poolId"), time(n, "lastHeartbeatAt"), time(n, "onlineSince"), outage, takeovers);
    }

    private static TakeoverInfo takeover(String node, JsonNode t) {
        return new TakeoverInfo(text(t, "takeoverId"), node, text(t, "status"), text(t, "replacementNode"),
                text(t, "zone"), time(t, "lastHeartbeatAt"), null, time(t, "deadlineAt"), time(t, "blockedAt"),
                text(t, "blockedReason"), text(t, "blockedMessage"), time(t, "decidedAt"), time(t, "fencingFailedAt"),
                text(t, "fencingFailureReason"), time(t, "fencedAt"), time(t, "drivesMovedAt"),
                time(t, "identityTransferredAt"), time(t, "completedAt"), time(t, "abandonedAt"));
    }

    /** provisioner-svc {@code GET /api/v1/volumes}. */
    static List<VolumeInfo> volumes(JsonNode answer) {
        List<VolumeInfo> volumes = new ArrayList<>();
        for (JsonNode v : answer) {
            JsonNode claim = v.path("claim");
            JsonNode failure = v.path("failure");
            volumes.add(new VolumeInfo(text(v, "id"), text(v, "name"), text(v, "state"), text(v, "size"),
                    text(v, "backend"), text(v, "podName"), strings(v.path("arrays")),
                    claim.isObject() ? text(claim, "namespace") + "/" + text(claim, "name") : null,
                    failure.isObject() ? text(failure, "reason") + ": " + text(failure, "message") : null));
        }
        return volumes;
    }

    /** attach-svc {@code GET /api/v1/attachments}. */
    static List<AttachmentInfo> attachments(JsonNode answer) {
        List<AttachmentInfo> attachments = new ArrayList<>();
        for (JsonNode a : answer) {
            List<String> paths = new ArrayList<>();
            for (JsonNode p : a.path("paths")) {
                paths.add(text(p, "array") + ": " + text(p, "state")
                        + (p.hasNonNull("stateReason") ? " (" + text(p, "stateReason") + ")" : ""));
            }
            JsonNode failure = a.path("failure");
            attachments.add(new AttachmentInfo(text(a, "id"), text(a, "volumeId"), text(a, "nodeName"), text(a, "state"),
                    paths, failure.isObject() ? text(failure, "reason") + ": " + text(failure, "message") : null));
        }
        return attachments;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    /** An ISO-8601 time with an offset; a value that is no time is shown as absent rather than failing the page. */
    static Instant time(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
