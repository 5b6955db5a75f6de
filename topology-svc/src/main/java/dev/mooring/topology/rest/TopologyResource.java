package dev.mooring.topology.rest;

import dev.mooring.topology.domain.TopologyTree;
import dev.mooring.topology.repository.NodeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The cluster's topology as a tree. */
@Path("/api/v1/topology")
@SecurityRequirement(name = "bearer")
public class TopologyResource {

    @Inject
    NodeRepository nodes;

    @GET
    @Operation(summary = "Region → zone → rack → nodes, with each level's sources and any conflicts")
    public Uni<TopologyView> tree() {
        return Panache.withSession(() -> nodes.live()).map(records -> TopologyView.of(records.stream()
                .map(r -> new TopologyTree.Member(r.name, r.ready, r.topology()))
                .toList()));
    }
}
