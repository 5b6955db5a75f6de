package dev.mooring.attach.rest;

import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.kit.rest.NodeAgentAccess;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The cloud drives attach-svc connects to their owning nodes. */
@Path("/api/v1/drives")
@SecurityRequirement(name = "bearer")
public class DriveResource {

    @Inject
    DriveRepository drives;

    @GET
    @Operation(summary = "Drives (optionally of one owning node), by array and name: owner, pool, state, host")
    @NodeAgentAccess(queryParam = "nodeName")
    public Uni<List<DriveView>> list(@QueryParam("nodeName") String nodeName) {
        return Panache.withSession(() -> nodeName == null ? drives.all() : drives.ofNode(nodeName))
                .map(list -> list.stream().map(DriveView::of).toList());
    }
}
