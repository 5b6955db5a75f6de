package dev.mooring.attach.rest;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.service.AttachVolume;
import dev.mooring.attach.service.AttachmentPathsJson;
import dev.mooring.attach.service.RequestAttachment;
import dev.mooring.kit.rest.CorrelationIdFilter;
import dev.mooring.kit.rest.NodeAgentAccess;
import dev.mooring.kit.rest.Problem;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Attachments: a volume wanted on a node. Attaching and detaching are asynchronous: a new attachment is
 * {@code Requested}, then {@code Attached} (with its paths and device) or {@code Failed} (with the reason).
 */
@Path("/api/v1/attachments")
@SecurityRequirement(name = "bearer")
public class AttachmentResource {

    /** A Kubernetes node name: a DNS subdomain. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    @Inject
    RequestAttachment requests;

    @Inject
    AttachmentRepository attachments;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    PathStates pathStates;

    @Context
    UriInfo uri;

    @POST
    @Operation(summary = "Attach a volume to a node", description = "202 with the attachment's URL when accepted; 200"
            + " when the volume is already attached (or being attached) to that node. A volume that is not ReadWriteMany"
            + " raw block is attached to one node at a time: a second node's attachment fails with HeldByAnotherNode.")
    public Uni<Response> create(CreateAttachmentRequest body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {\"volumeId\":…,\"nodeName\":…}");
        }
        List<Problem.FieldError> problems = new ArrayList<>();
        if (body.volumeId() == null || body.volumeId().isBlank()) {
            problems.add(new Problem.FieldError("volumeId", "is required"));
        }
        if (body.nodeName() == null || !NODE_NAME.matcher(body.nodeName()).matches()) {
            problems.add(new Problem.FieldError("nodeName", "must be a Kubernetes node name (lower-case letters,"
                    + " digits, '-' and '.', at most 253 characters)"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        String correlationId = CorrelationIdFilter.current();
        return Panache.withSession(() -> volumes.findById(body.volumeId())).chain(volume -> {
            if (volume == null) {
                throw ProblemException.notFound("attach-svc has not heard of volume " + body.volumeId()
                        + " from the provisioner");
            }
            if (volume.state == KnownVolumeState.Deleted) {
                throw ProblemException.conflict("Volume " + body.volumeId() + " has been deleted");
            }
            return requests.fromApi(body.volumeId(), body.nodeName(), correlationId);
        }).map(accepted -> Response.status(accepted.started() ? 202 : 200)
                .location(location(accepted.attachment().id))
                .entity(view(accepted.attachment()))
                .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An attachment: state, failure, paths per array (protocol, LUN, targets) and device identity")
    public Uni<AttachmentView> get(@PathParam("id") String id) {
        return Panache.withSession(() -> attachments.findById(id).chain(a -> {
            if (a == null) {
                throw ProblemException.notFound("Attachment " + id + " does not exist");
            }
            return pathStates.of(List.of(a)).map(states -> view(a, states));
        }));
    }

    @GET
    @Operation(summary = "Attachments, optionally of one volume, on one node, in one state; oldest first")
    @NodeAgentAccess(queryParam = "nodeName")
    public Uni<List<AttachmentView>> list(@QueryParam("volumeId") String volumeId,
                                          @QueryParam("nodeName") String nodeName,
                                          @QueryParam("state") String state,
                                          @QueryParam("page") @DefaultValue("0") int page,
                                          @QueryParam("size") @DefaultValue("100") int size) {
        AttachmentState wanted = null;
        if (state != null) {
            try {
                wanted = AttachmentState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("state", "must be one of " + List.of(AttachmentState.values()));
            }
        }
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.invalid(page < 0 ? "page" : "size", page < 0 ? "must not be negative"
                    : "must be between 1 and 1000");
        }
        AttachmentState filter = wanted;
        return Panache.withSession(() -> attachments.list(volumeId, nodeName, filter, page, size)
                .chain(list -> pathStates.of(list).map(states -> list.stream().map(a -> view(a, states)).toList())));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Detach", description = "202: the connections are removed on every array and checked gone;"
            + " the attachment is then Detached. An attachment made by a VolumeAttachment is detached by deleting the"
            + " VolumeAttachment (409 here).")
    public Uni<Response> delete(@PathParam("id") String id) {
        return requests.detachFromApi(id, CorrelationIdFilter.current()).map(a -> {
            if (a == null) {
                throw ProblemException.notFound("Attachment " + id + " does not exist");
            }
            return Response.accepted(view(a)).location(location(a.id)).build();
        });
    }

    @ServerExceptionMapper
    public Response managedElsewhere(RequestAttachment.ManagedByVolumeAttachmentException e) {
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(409, "managed-by-volumeattachment", "Managed by a VolumeAttachment", e.getMessage()))
                .build();
    }

    private AttachmentView view(Attachment a) {
        return view(a, PathStates.NONE);
    }

    private AttachmentView view(Attachment a, PathStates.Known states) {
        List<AttachmentPaths.Path> paths = pathsJson.read(a.paths);
        return AttachmentView.of(a, paths.stream().map(p -> AttachmentView.PathView.of(p, states.of(a, p.array())))
                .toList(), a.serial == null || paths.isEmpty() ? null : AttachVolume.device(a.serial));
    }

    private URI location(String id) {
        return uri.getBaseUriBuilder().path("api/v1/attachments").path(id).build();
    }
}
