package dev.mooring.attach.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.attach.domain.InitiatorSource;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import java.time.OffsetDateTime;
import java.util.List;

/** A node's initiators (effective, from annotations, from its agent) and its hosts on the arrays. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeView(String name, InitiatorSource source, List<String> iqns, List<String> wwns,
                       Initiators annotations, List<String> annotationProblems, Initiators agent, List<HostView> hosts,
                       OffsetDateTime updatedAt) {

    public record Initiators(List<String> iqns, List<String> wwns) {
    }

    public record HostView(String array, String host, String origin) {
    }

    public static NodeView of(NodeInitiatorsRecord r, List<NodeHost> hosts) {
        return new NodeView(r.nodeName, r.source, r.effective().iqns(), r.effective().wwns(),
                new Initiators(r.fromAnnotations().iqns(), r.fromAnnotations().wwns()), r.problems(),
                new Initiators(r.fromAgent().iqns(), r.fromAgent().wwns()),
                hosts.stream().map(h -> new HostView(h.arrayName, h.hostName, h.origin)).toList(), r.updatedAt);
    }
}
