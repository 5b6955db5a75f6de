package dev.mooring.attach.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.attach.domain.InitiatorSource;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.NodeFence;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.service.FenceNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A node's initiators (effective, from annotations, from its agent), its hosts on the arrays, the drives it owns,
 * whether health-svc reported it offline, and the takeovers that fenced it (phase, failure).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeView(String name, InitiatorSource source, List<String> iqns, List<String> wwns,
                       Initiators annotations, List<String> annotationProblems, Initiators agent, List<HostView> hosts,
                       List<OwnedDrive> drives, Boolean offline, Boolean fenced, HostFence hostFence,
                       List<FenceView> fences, OffsetDateTime updatedAt) {

    /** The node's fence epoch: whether a connect to its hosts is refused now, and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostFence(boolean fenced, long epoch, String takeoverId, String reason, OffsetDateTime changedAt) {
    }

    /** An operator's confirmation of a fence for arrays that could not answer: who, when, why, which arrays. */
    public record Override(String by, String reason, OffsetDateTime at, List<String> arrays) {
    }

    public record Initiators(List<String> iqns, List<String> wwns) {
    }

    public record HostView(String array, String host, String origin) {
    }

    public record OwnedDrive(String array, String driveName, String poolId, String state) {
    }

    /** A takeover in which this node was the failed one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FenceView(String takeoverId, String replacementNode, String phase, List<String> verifiedArrays,
                            Map<String, String> unconfirmedArrays, Override override,
                            String lastFailure, int attempts, OffsetDateTime decidedAt, OffsetDateTime fencedAt,
                            OffsetDateTime movedAt, OffsetDateTime identityTransferredAt) {
    }

    private static FenceView fenceView(Takeover t) {
        return new FenceView(t.takeoverId, t.replacementNode, t.phase.name(), t.verifiedArrayList(),
                FenceNode.readProblems(t.unconfirmed), t.overrideAt == null ? null
                        : new Override(t.overrideBy, t.overrideReason, t.overrideAt, t.overriddenArrayList()),
                t.lastFailure, t.attempts, t.decidedAt, t.fencedAt, t.movedAt, t.identityTransferredAt);
    }

    /** For the list: initiators and hosts only. */
    public static NodeView of(NodeInitiatorsRecord r, List<NodeHost> hosts) {
        return of(r.nodeName, r, hosts, List.of(), null, null, null);
    }

    /** For one node: also its drives, liveness and takeovers. */
    public static NodeView of(String name, NodeInitiatorsRecord r, List<NodeHost> hosts, List<Drive> drives,
                              Boolean offline, List<Takeover> takeovers, NodeFence fence) {
        return new NodeView(name, r == null ? InitiatorSource.None : r.source,
                r == null ? List.of() : r.effective().iqns(), r == null ? List.of() : r.effective().wwns(),
                r == null ? null : new Initiators(r.fromAnnotations().iqns(), r.fromAnnotations().wwns()),
                r == null ? List.of() : r.problems(),
                r == null ? null : new Initiators(r.fromAgent().iqns(), r.fromAgent().wwns()),
                hosts.stream().map(h -> new HostView(h.arrayName, h.hostName, h.origin)).toList(),
                drives.stream().map(d -> new OwnedDrive(d.arrayName, d.driveName, d.poolId, d.state.name())).toList(),
                offline, takeovers == null ? null : !takeovers.isEmpty(),
                fence == null ? null : new HostFence(fence.fenced, fence.epoch, fence.takeoverId, fence.reason,
                        fence.changedAt),
                takeovers == null ? List.of() : takeovers.stream().map(NodeView::fenceView).toList(),
                r == null ? null : r.updatedAt);
    }
}
