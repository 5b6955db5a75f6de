package dev.mooring.health.rest;

import dev.mooring.health.repository.TakeoverRecord;
import dev.mooring.health.repository.TakeoverRepository;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Takeovers across nodes: each with its failed node, replacement and the time of every phase. */
@Path("/api/v1/takeovers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class TakeoverResource {

    @Inject
    TakeoverRepository takeovers;

    /** Every takeover, by failed node then start. */
    public record TakeoverListView(List<NodeView.TakeoverView> takeovers) {
    }

    @GET
    @Operation(summary = "Every takeover (inFlight=true: those neither completed nor abandoned, blocked ones included), with its"
            + " failed node, replacement and the time of each phase")
    public Uni<TakeoverListView> list(@QueryParam("inFlight") @DefaultValue("false") boolean inFlight) {
        return Panache.withSession(() -> takeovers.all()).map(all -> new TakeoverListView(all.stream()
                .filter(t -> !inFlight || t.completedAt == null && t.abandonedAt == null).map(NodeView.TakeoverView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One takeover: failed node, replacement, signals and the time of each phase")
    public Uni<NodeView.TakeoverView> get(@PathParam("id") String id) {
        UUID takeoverId;
        try {
            takeoverId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("takeover " + id + " does not exist (takeover ids are UUIDs)");
        }
        return Panache.withSession(() -> takeovers.findById(takeoverId)).map((TakeoverRecord t) -> {
            if (t == null) {
                throw ProblemException.notFound("takeover " + id + " does not exist");
            }
            return NodeView.TakeoverView.of(t);
        });
    }
}
