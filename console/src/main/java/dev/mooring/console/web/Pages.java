package dev.mooring.console.web;

import dev.mooring.console.model.ArrayInfo;
import dev.mooring.console.model.AttachmentInfo;
import dev.mooring.console.model.NodeInfo;
import dev.mooring.console.model.NodesOverview;
import dev.mooring.console.model.PodArrayInfo;
import dev.mooring.console.model.Reading;
import dev.mooring.console.model.ServiceStatus;
import dev.mooring.console.model.TakeoverInfo;
import dev.mooring.console.model.VolumeInfo;
import dev.mooring.console.timeline.TakeoverTimeline;
import dev.mooring.console.timeline.TimelineSvg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The body of each console page, from what was read; a part that could not be read says so and the rest renders. */
final class Pages {

    private Pages() {
    }

    /** Services' health, arrays, ActiveCluster pods per array, and the nodes in numbers. */
    static String overview(List<ServiceStatus> services, Reading<List<ArrayInfo>> arrays,
                           Reading<List<PodArrayInfo>> pods, Reading<NodesOverview> nodes) {
        StringBuilder s = new StringBuilder();
        services.stream().filter(x -> !x.reachable()).forEach(x -> s.append(Html.problem(x.service(), x.problem())));
        s.append("<h2>Services</h2>\n").append(Html.table("Health of each service (/q/health)",
                List.of("Service", "Health", "Address"), services.stream().map(x -> List.of(Html.text(x.service()),
                        Html.state(x.health()), Html.text(x.baseUrl()))).toList(), "No service configured."));

        s.append("<h2>Arrays</h2>\n");
        if (!arrays.ok()) {
            s.append(Html.problem("The arrays (provisioner-svc)", arrays.problem()));
        } else {
            s.append(Html.table("FlashArrays registered by provisioner-svc",
                    List.of("Array", "Status", "Endpoint", "Purity", "Capacity", "Free", "Checked", "Failure"),
                    arrays.value().stream().map(a -> List.of(Html.text(a.name()), Html.state(a.status()),
                            Html.orDash(a.endpoint()), Html.orDash(a.purityVersion()), bytes(a.capacityBytes()),
                            bytes(a.freeBytes()), Html.time(a.checkedAt()),
                            a.failureReason() == null ? "–" : Html.text(a.failureReason() + ": " + a.failureMessage())))
                            .toList(), "No array is registered."));
        }

        s.append("<h2>ActiveCluster pods</h2>\n");
        if (!pods.ok()) {
            s.append(Html.problem("The pods (health-svc)", pods.problem()));
        } else {
            s.append(Html.table("Each stretched pod's state on each of its arrays",
                    List.of("Pod", "Array", "State", "Resync progress", "Mediator", "Changed"),
                    pods.value().stream().map(p -> List.of(Html.text(p.pod()), Html.text(p.array()), Html.state(p.status()),
                            p.progress() == null ? "–" : String.format(Locale.ROOT, "%.0f %%", p.progress() * 100),
                            Html.orDash(p.mediatorStatus()), Html.time(p.changedAt()))).toList(),
                    "No stretched pod has been polled yet."));
        }

        s.append("<h2>Nodes</h2>\n");
        if (!nodes.ok()) {
            s.append(Html.problem("The nodes (health-svc)", nodes.problem()));
        } else {
            Map<String, Integer> byState = new TreeMap<>();
            nodes.value().nodes().forEach(n -> byState.merge(String.valueOf(n.state()), 1, Integer::sum));
            s.append(Html.table("Nodes by state", List.of("State", "Nodes"), byState.entrySet().stream()
                    .map(e -> List.of(Html.state(e.getKey()), String.valueOf(e.getValue()))).toList(),
                    "health-svc knows no node yet."));
            s.append(pause(nodes.value())).append("<p><a href=\"/nodes\">Every node</a> · <a href=\"/takeovers\">Every takeover</a></p>\n");
        }
        return s.toString();
    }

    /** Volumes and their attachments. */
    static String volumes(Reading<List<VolumeInfo>> volumes, Reading<List<AttachmentInfo>> attachments) {
        StringBuilder s = new StringBuilder("<h2>Volumes</h2>\n");
        if (!volumes.ok()) {
            s.append(Html.problem("The volumes (provisioner-svc)", volumes.problem()));
        } else {
            s.append(Html.table("Volumes (provisioner-svc), oldest first",
                    List.of("Name", "State", "Size", "Backend", "Pod", "Arrays", "Claim", "Id", "Failure"),
                    volumes.value().stream().map(v -> List.of(Html.orDash(v.name()), Html.state(v.state()),
                            Html.orDash(v.size()), Html.orDash(v.backend()), Html.orDash(v.podName()),
                            Html.orDash(String.join(", ", v.arrays())), Html.orDash(v.claim()), Html.orDash(v.id()),
                            Html.orDash(v.failure()))).toList(), "No volume yet."));
        }
        s.append("<h2>Attachments</h2>\n");
        if (!attachments.ok()) {
            s.append(Html.problem("The attachments (attach-svc)", attachments.problem()));
        } else {
            s.append(Html.table("Attachments (attach-svc): which volume is attached to which node, path by path",
                    List.of("Id", "Volume", "Node", "State", "Paths", "Failure"),
                    attachments.value().stream().map(a -> List.of(Html.orDash(a.id()), Html.orDash(a.volumeId()),
                            Html.orDash(a.nodeName()), Html.state(a.state()), Html.orDash(String.join("; ", a.paths())),
                            Html.orDash(a.failure()))).toList(), "No attachment yet."));
        }
        return s.toString();
    }

    /** Every node: state, role, place, last heartbeat, the outage in progress and its takeover deadline. */
    static String nodes(Reading<NodesOverview> nodes) {
        if (!nodes.ok()) {
            return Html.problem("The nodes (health-svc)", nodes.problem());
        }
        NodesOverview o = nodes.value();
        StringBuilder s = new StringBuilder(pause(o));
        s.append("<p>Liveness decisions are taken by ").append(Html.orDash(o.leader())).append(".</p>\n");
        List<NodeInfo> sorted = o.nodes().stream().sorted(Comparator.comparing(NodeInfo::name)).toList();
        s.append(Html.table("Nodes known to health-svc", List.of("Node", "State", "Role", "Zone", "Region", "Pool",
                        "Last heartbeat", "Online since", "Offline since", "Takeover deadline", "Takeovers"),
                sorted.stream().map(n -> List.of(Html.text(n.name()), Html.state(n.state()), Html.orDash(n.role()),
                        Html.orDash(n.zone()), Html.orDash(n.region()), Html.orDash(n.poolId()),
                        Html.time(n.lastHeartbeatAt()), Html.time(n.onlineSince()),
                        n.currentOutage() == null ? "–" : Html.time(n.currentOutage().since()),
                        n.currentOutage() == null ? "–" : n.currentOutage().takeoverWaived() ? "waived"
                                : Html.time(n.currentOutage().takeoverDeadlineAt()),
                        n.takeovers().isEmpty() ? "none" : "<a href=\"/takeovers#" + anchor(n.name()) + "\">"
                                + n.takeovers().size() + "</a>")).toList(),
                "health-svc knows no node yet."));
        return s.toString();
    }

    /** Every takeover, newest first: a timeline drawing and the same in a table. */
    static String takeovers(Reading<NodesOverview> nodes) {
        if (!nodes.ok()) {
            return Html.problem("The takeovers (health-svc)", nodes.problem());
        }
        StringBuilder s = new StringBuilder(pause(nodes.value()));
        List<TakeoverInfo> all = new ArrayList<>();
        nodes.value().nodes().forEach(n -> all.addAll(n.takeovers()));
        all.sort(Comparator.comparing((TakeoverInfo t) -> t.lastHeartbeatAt() == null ? java.time.Instant.EPOCH
                : t.lastHeartbeatAt()).reversed());
        List<NodeInfo> waiting = nodes.value().nodes().stream().filter(n -> n.currentOutage() != null
                && n.takeovers().stream().noneMatch(t -> n.currentOutage().lastHeartbeatAt() != null
                && n.currentOutage().lastHeartbeatAt().equals(t.lastHeartbeatAt()))).toList();
        s.append(Html.table("Outages whose takeover deadline has not come", List.of("Node", "Offline since",
                        "Last heartbeat", "Takeover deadline"),
                waiting.stream().map(n -> List.of(Html.text(n.name()), Html.time(n.currentOutage().since()),
                        Html.time(n.currentOutage().lastHeartbeatAt()), n.currentOutage().takeoverWaived() ? "waived"
                                : Html.time(n.currentOutage().takeoverDeadlineAt()))).toList(),
                "No node is waiting for its takeover deadline."));
        if (all.isEmpty()) {
            return s.append("<p>No takeover so far.</p>\n").toString();
        }
        List<String> anchored = new ArrayList<>();
        for (TakeoverInfo t : all) {
            s.append(takeover(t, anchored.contains(t.failedNode()) ? null : anchor(t.failedNode())));
            anchored.add(t.failedNode());
        }
        return s.toString();
    }

    /** One takeover: a heading, its drawing, its phases in a table, and why it is blocked if it is. */
    static String takeover(TakeoverInfo t, String nodeAnchor) {
        TakeoverTimeline timeline = TakeoverTimeline.of(t);
        String id = "takeover-" + anchor(t.id() == null ? t.failedNode() : t.id());
        StringBuilder s = new StringBuilder("<section class=\"takeover\" aria-labelledby=\"").append(id).append("-h\"")
                .append(nodeAnchor == null ? "" : " id=\"" + nodeAnchor + "\"").append(">\n<h2 id=\"").append(id)
                .append("-h\">").append(Html.text(TimelineSvg.title(t))).append("</h2>\n");
        s.append("<p>Zone ").append(Html.orDash(t.zone())).append(". Takeover ").append(Html.orDash(t.id()))
                .append(". <a href=\"/takeovers/").append(Html.text(t.id())).append(".svg\">The timeline as an SVG file")
                .append("</a>.</p>\n");
        if (t.blockedAt() != null) {
            s.append("<p><strong>Blocked</strong> since ").append(Html.time(t.blockedAt())).append(": ")
                    .append(Html.orDash(t.blockedReason())).append(" — ").append(Html.orDash(t.blockedMessage()))
                    .append("</p>\n");
        }
        if (t.fencingFailedAt() != null) {
            s.append("<p><strong>Fencing failed</strong> at ").append(Html.time(t.fencingFailedAt())).append(": ")
                    .append(Html.orDash(t.fencingFailureReason())).append("</p>\n");
        }
        s.append("<figure>\n").append(TimelineSvg.inline(timeline, id)).append("<figcaption>")
                .append(Html.text(timeline.summary())).append("</figcaption>\n</figure>\n");
        s.append(Html.table("Phases of the takeover of " + t.failedNode() + ", in order", List.of("Phase", "Time",
                        "After the last heartbeat"),
                timeline.marks().stream().map(m -> List.of(Html.text(m.label()), Html.time(m.at()),
                        Html.text(timeline.offsetOf(m.at())))).toList(), "No phase recorded yet."));
        return s.append("</section>\n").toString();
    }

    private static String pause(NodesOverview o) {
        return o.takeoversPaused() ? "<div class=\"problem\" role=\"status\"><strong>Takeovers are paused.</strong> "
                + Html.text(String.join("; ", o.pauseReasons())) + "</div>\n" : "";
    }

    /** A name as a fragment identifier: letters, digits and dashes. */
    static String anchor(String name) {
        return "n-" + String.valueOf(name).replaceAll("[^A-Za-z0-9-]", "-");
    }

    private static String bytes(Long bytes) {
        if (bytes == null) {
            return "–";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
