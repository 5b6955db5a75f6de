package dev.mooring.provisioner.rest;

import dev.mooring.kit.rest.CorrelationIdFilter;
import dev.mooring.kit.rest.Problem;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.provisioner.domain.FieldProblem;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeSpec;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.PoolPlacementRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import dev.mooring.provisioner.service.DeleteVolume;
import dev.mooring.provisioner.service.RequestVolume;
import dev.mooring.provisioner.service.ResizeVolume;
import dev.mooring.provisioner.service.VolumeConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Volumes: request, read, grow, delete. Provisioning is asynchronous: a new volume is {@code Pending} until ready. */
@Path("/api/v1/volumes")
@SecurityRequirement(name = "bearer")
public class VolumeResource {

    @Inject
    RequestVolume requestVolume;

    @Inject
    DeleteVolume deleteVolume;

    @Inject
    ResizeVolume resizeVolume;

    @Inject
    VolumeRepository volumes;

    @Inject
    PoolPlacementRepository pools;

    @Context
    UriInfo uri;

    @POST
    @Operation(summary = "Request a volume", description = "202 with the volume's URL when accepted; 200 when a "
            + "volume of that name and spec exists already (a retried request never makes a second volume).")
    public Uni<Response> create(CreateVolumeRequest body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {\"name\":…,\"size\":…,\"parameters\":{…}}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> parameters = parameters(body.parameters(), problems);
        VolumeSpec.Result result = VolumeSpec.of(body.name(), body.size(), parameters);
        problems.addAll(result.problems());
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.stream()
                    .map(p -> new Problem.FieldError(p.field(), p.reason())).toList());
        }
        String correlationId = CorrelationIdFilter.current();
        return requestVolume.request(result.spec(), correlationId).map(accepted -> Response
                .status(accepted.started() ? 202 : 200)
                .location(location(accepted.volume().id))
                .entity(VolumeView.of(accepted.volume()))
                .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A volume: state (Pending, Ready, Failed, Deleting, Deleted), arrays, serial, size; for a "
            + "pool-backed volume its replicas (pool, node, region, zone, rack, arrays) and why they were placed there")
    public Uni<VolumeView> get(@PathParam("id") String id) {
        UUID volumeId = volumeId(id);
        return Panache.withSession(() -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null) {
                throw ProblemException.notFound("Volume " + id + " does not exist");
            }
            return volume.poolBacked() ? pools.replicas(volume.id).map(replicas -> VolumeView.of(volume, replicas))
                    : Uni.createFrom().item(VolumeView.of(volume));
        }));
    }

    @GET
    @Operation(summary = "Volumes, optionally by name or state, oldest first")
    public Uni<List<VolumeView>> list(@QueryParam("name") String name, @QueryParam("state") String state,
                                      @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("100") int size) {
        VolumeState wanted = null;
        if (state != null) {
            try {
                wanted = VolumeState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("state", "must be one of " + List.of(VolumeState.values()));
            }
        }
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.invalid(page < 0 ? "page" : "size", page < 0 ? "must not be negative"
                    : "must be between 1 and 1000");
        }
        VolumeState filter = wanted;
        return Panache.withSession(() -> volumes.list(name, filter, page, size))
                .map(list -> list.stream().map(VolumeView::of).toList());
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Grow a volume", description = "202 with the volume when the resize is requested or on its way"
            + " already; it ends in VolumeResized (the new size) or VolumeResizeFailed. 409 for a volume that is not"
            + " Ready, belongs to a PersistentVolumeClaim (grow the claim) or is pool-backed; 400 for a size that is"
            + " not larger.")
    public Uni<Response> resize(@PathParam("id") String id, ResizeVolumeRequest body) {
        UUID volumeId = volumeId(id);
        if (body == null || body.size() == null) {
            throw ProblemException.invalid("size", "is required: {\"size\":\"20Gi\"}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        long bytes = VolumeSpec.size(body.size(), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.get(0).field(), problems.get(0).reason());
        }
        return resizeVolume.requestOverApi(volumeId, bytes, CorrelationIdFilter.current()).map(asked -> {
            VolumeRecord volume = asked.volume();
            return switch (asked.answer()) {
                case NOT_FOUND -> throw ProblemException.notFound("Volume " + id + " does not exist");
                case CLAIM_OWNED -> throw ProblemException.conflict("Volume " + volume.name + " belongs to the"
                        + " PersistentVolumeClaim " + volume.claimNamespace + "/" + volume.claimName
                        + ": grow the claim (spec.resources.requests.storage) and Mooring grows the volume");
                case POOL_BACKED -> throw ProblemException.conflict("Volume " + volume.name + " is pool-backed;"
                        + " growing its replicas in their pools is not supported yet");
                case NOT_READY -> throw ProblemException.conflict("Volume " + volume.name + " is " + volume.state
                        + "; only a Ready volume can grow");
                case NOT_LARGER -> throw ProblemException.invalid("size", "'" + body.size() + "' is not larger than"
                        + " the volume's " + Quantity.format(volume.sizeBytes) + "; a volume only grows");
                case REQUESTED, ALREADY_REQUESTED -> Response.accepted(VolumeView.of(volume))
                        .location(location(volume.id)).build();
            };
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a volume", description = "202: the array volume is destroyed asynchronously and "
            + "stays recoverable on the array for its eradication delay. Asking again retries a failed deletion.")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID volumeId = volumeId(id);
        return deleteVolume.request(volumeId, CorrelationIdFilter.current()).map(volume -> {
            if (volume == null) {
                throw ProblemException.notFound("Volume " + id + " does not exist");
            }
            return Response.accepted(VolumeView.of(volume)).location(location(volume.id)).build();
        });
    }

    @ServerExceptionMapper
    public Response conflict(VolumeConflictException e) {
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(409, "volume-conflict", "Volume exists with another spec", e.getMessage())).build();
    }

    private URI location(UUID id) {
        return uri.getBaseUriBuilder().path("api/v1/volumes").path(id.toString()).build();
    }

    private static UUID volumeId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Volume " + id + " does not exist (volume ids are UUIDs)");
        }
    }

    /** StorageClass parameters are strings; JSON numbers and booleans are accepted and read as text. */
    private static Map<String, String> parameters(Map<String, Object> raw, List<FieldProblem> problems) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        raw.forEach((key, value) -> {
            if (value == null || value instanceof Map || value instanceof List) {
                problems.add(new FieldProblem("parameters." + key, "must be a string, number or boolean"));
            } else {
                result.put(key, value.toString());
            }
        });
        return result;
    }
}
