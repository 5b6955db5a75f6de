package dev.mooring.health.rest;

import dev.mooring.health.domain.NodeNames;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.TakeoverRecord;
import dev.mooring.health.repository.TakeoverRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.health.service.HeartbeatTracker;
import dev.mooring.health.service.LivenessLoop;
import dev.mooring.health.service.TakeoverPauses;
import dev.mooring.kit.lease.LeaderLease;
import dev.mooring.kit.rest.NodeAgentAccess;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Node liveness: what health-svc knows of each node, and the node agents' heartbeats. */
@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class NodeResource {

    @Inject
    NodeHealthRepository nodes;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    Clock clock;

    @Inject
    TakeoverPauses pauses;

    @Inject
    LivenessLoop loop;

    @GET
    @Operation(summary = "Which instance decides (the leader lease), whether takeovers are paused (and why), and every"
            + " node: state, last heartbeat, signals, role, zone, current outage, takeovers")
    public Uni<NodeListView> list() {
        return leader().chain(leader -> Panache.withSession(() -> pauses.stored().chain(gate -> nodes.all()
                .chain(all -> takeovers.all().map(ts -> {
                    Map<String, List<TakeoverRecord>> byNode = ts.stream()
                            .collect(Collectors.groupingBy(t -> t.failedNode));
                    return new NodeListView(leader, NodeListView.TakeoversView.of(gate.orElse(pauses.state())),
                            all.stream().map(r -> NodeView.of(r, memoryHeartbeat(r.name), tracker.signals(r.name),
                                    byNode.getOrDefault(r.name, List.of()))).toList());
                })))));
    }

    private Uni<NodeListView.LeaderView> leader() {
        LeaderLease lease = loop.lease();
        return lease.holder().map(h -> new NodeListView.LeaderView(lease.name(),
                h.map(LeaderLease.Holder::instance).orElse(null), h.map(LeaderLease.Holder::expiresAt).orElse(null),
                lease.instance(), lease.isLeader()));
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One node: state, last heartbeat, signals, current outage and the time of each takeover phase")
    public Uni<NodeView> get(@PathParam("name") String name) {
        return Panache.withSession(() -> nodes.findById(name).chain(r -> {
            if (r == null) {
                throw ProblemException.notFound("node " + name + " is not known to health-svc (no heartbeat and no"
                        + " node event named it)");
            }
            return takeovers.ofNode(name).map(ts -> NodeView.of(r, memoryHeartbeat(name), tracker.signals(name), ts));
        }));
    }

    @POST
    @Path("/{name}/heartbeat")
    @Operation(summary = "A node agent's heartbeat: the node is alive now")
    @NodeAgentAccess(pathParam = "name")
    public Response heartbeat(@PathParam("name") String name) {
        NodeNames.problem(name).ifPresent(problem -> {
            throw ProblemException.invalid("name", problem);
        });
        tracker.beat(name, clock.instant(), HeartbeatTracker.AGENT);
        return Response.noContent().build();
    }

    private OffsetDateTime memoryHeartbeat(String name) {
        return tracker.latest(name).map(b -> Times.stored(b.at())).orElse(null);
    }
}
