package dev.mooring.attach.rest;

import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The volumes attach-svc knows from the provisioner's events: what it can (later) attach to nodes. */
@Path("/api/v1/volumes")
@SecurityRequirement(name = "bearer")
public class KnownVolumeResource {

    @Inject
    KnownVolumeRepository volumes;

    @GET
    @Operation(summary = "Volumes attach-svc has heard of, optionally in one state (Provisioned, Deleted)")
    public Uni<List<KnownVolumeView>> list(@QueryParam("state") String state,
                                           @QueryParam("page") @DefaultValue("0") int page,
                                           @QueryParam("size") @DefaultValue("100") int size) {
        KnownVolumeState wanted = state == null ? null : state(state);
        if (page < 0) {
            throw ProblemException.invalid("page", "must not be negative");
        }
        if (size < 1 || size > 1000) {
            throw ProblemException.invalid("size", "must be between 1 and 1000");
        }
        return Panache.withSession(() -> volumes.list(wanted, page, size))
                .map(list -> list.stream().map(KnownVolumeView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One known volume: state, array volume name, arrays, serial")
    public Uni<KnownVolumeView> get(@PathParam("id") String id) {
        return Panache.withSession(() -> volumes.findById(id)).map(volume -> {
            if (volume == null) {
                throw ProblemException.notFound("attach-svc has not heard of volume " + id);
            }
            return KnownVolumeView.of(volume);
        });
    }

    private static KnownVolumeState state(String name) {
        try {
            return KnownVolumeState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "must be one of " + List.of(KnownVolumeState.values()));
        }
    }
}
