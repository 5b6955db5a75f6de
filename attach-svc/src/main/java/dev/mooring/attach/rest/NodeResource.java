package dev.mooring.attach.rest;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeHostRepository;
import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.attach.service.LiftFence;
import dev.mooring.attach.service.NodeFences;
import dev.mooring.attach.service.OverrideFence;
import dev.mooring.attach.service.RecordNodeInitiators;
import dev.mooring.kit.rest.NodeAgentAccess;
import dev.mooring.kit.rest.Problem;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Nodes as attach-svc knows them: initiators (and where they came from) and the host made for each on the arrays. */
@Path("/api/v1/nodes")
@SecurityRequirement(name = "bearer")
public class NodeResource {

    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    @Inject
    RecordNodeInitiators record;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    NodeHostRepository hosts;

    @Inject
    DriveRepository drives;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    NodeFences nodeFences;

    @Inject
    OverrideFence override;

    @Inject
    LiftFence lift;

    @Inject
    AttachConfig config;

    @GET
    @Operation(summary = "Every node attach-svc knows, in name order")
    public Uni<List<NodeView>> list() {
        return Panache.withSession(() -> nodes.listAll(Sort.by("nodeName")).chain(records -> hosts.listAll()
                .map(all -> records.stream().map(r -> NodeView.of(r, all.stream()
                        .filter(h -> h.nodeName.equals(r.nodeName)).toList())).toList())));
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A node: effective initiators and their source, annotations, agent report, hosts per array,"
            + " drives owned, offline, and the takeovers that fenced it")
    public Uni<NodeView> get(@PathParam("name") String name) {
        return Panache.withSession(() -> nodes.findById(name).chain(r -> hosts.ofNode(name).chain(hostList -> drives
                .ofNode(name).chain(driveList -> takeovers.ofFailedNode(name).chain(fences -> liveness.findById(name)
                        .chain(l -> nodeFences.current(name).map(fence -> {
                            if (r == null && hostList.isEmpty() && driveList.isEmpty() && fences.isEmpty()) {
                                throw ProblemException.notFound("attach-svc knows nothing of node " + name);
                            }
                            return NodeView.of(name, r, hostList, driveList, l != null && l.offline, fences, fence);
                        })))))));
    }

    @POST
    @Path("/{name}/fence/override")
    @Operation(summary = "An operator confirms a stuck fence for the arrays that cannot confirm it",
            description = "Needs the header Mooring-Admin-Token (one of mooring.attach.takeover.admin-tokens) and the"
                    + " body {\"confirm\": \"<node name>\", \"by\": \"<who>\", \"reason\": \"<why>\"}. The arrays"
                    + " that did not confirm the fence at its last attempt count as confirmed from now on; the"
                    + " override is recorded (who, when, why) and a Warning Event is put on the Node.")
    public Uni<NodeView> overrideFence(@PathParam("name") String name,
                                       @HeaderParam("Mooring-Admin-Token") String adminToken,
                                       FenceOverrideRequest body) {
        requireAdmin(adminToken);
        requireConfirmed(name, body, "override");
        return override.override(name, body.by().trim(), body.reason().trim()).chain(() -> get(name));
    }

    @POST
    @Path("/{name}/fence/lift")
    @Operation(summary = "An operator lifts a node's fence after its takeover has finished",
            description = "Same header and body as the override. Refused (409) while a takeover of the node is"
                    + " unfinished, or when the node is not fenced. The hosts get the node's recorded initiators back;"
                    + " recorded on the node's hostFence (who, why) with a Warning Event on the Node.")
    public Uni<NodeView> liftFence(@PathParam("name") String name,
                                   @HeaderParam("Mooring-Admin-Token") String adminToken,
                                   FenceOverrideRequest body) {
        requireAdmin(adminToken);
        requireConfirmed(name, body, "lift");
        return lift.lift(name, body.by().trim(), body.reason().trim()).chain(() -> get(name));
    }

    /** 400 naming each field: {@code confirm} must repeat the node's name, {@code by} and {@code reason} given. */
    private static void requireConfirmed(String name, FenceOverrideRequest body, String act) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {\"confirm\": \"" + name
                    + "\", \"by\": \"<who>\", \"reason\": \"<why>\"}");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!name.equals(body.confirm())) {
            errors.add(new Problem.FieldError("confirm", "must repeat the node's name (" + name + ") to confirm the "
                    + act + "; got " + (body.confirm() == null ? "nothing" : "'" + body.confirm() + "'")));
        }
        if (body.by() == null || body.by().isBlank()) {
            errors.add(new Problem.FieldError("by", "is required: who does the " + act));
        }
        if (body.reason() == null || body.reason().isBlank()) {
            errors.add(new Problem.FieldError("reason", "is required: why"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** 403 unless the header carries one of the configured admin tokens (compared in constant time). */
    private void requireAdmin(String presented) {
        List<String> admins = config.takeover().adminTokens().orElse(List.of());
        if (admins.isEmpty()) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "Fence overrides and lifts are disabled: no"
                    + " admin token is configured (mooring.attach.takeover.admin-tokens)"));
        }
        if (presented == null || presented.isBlank()) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "A fence override or lift needs an admin"
                    + " token: send the header 'Mooring-Admin-Token: <token>'"));
        }
        byte[] given = presented.trim().getBytes(StandardCharsets.UTF_8);
        boolean accepted = admins.stream()
                .anyMatch(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), given));
        if (!accepted) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "The admin token is not valid"));
        }
    }

    @POST
    @Path("/{name}/initiators")
    @Operation(summary = "A node agent reports the node's initiators", description = "IQNs (iqn.… or eui.…) and FC "
            + "WWNs (16 hex digits, colons allowed). Used when the Node has no initiator annotations (annotations win). "
            + "Hosts of the node on the arrays are updated; attachments that failed for want of initiators are tried again.")
    @NodeAgentAccess(pathParam = "name")
    public Uni<NodeView> report(@PathParam("name") String name, InitiatorsRequest body) {
        if (!NODE_NAME.matcher(name).matches()) {
            throw ProblemException.invalid("name", "must be a Kubernetes node name");
        }
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {\"iqns\":[…],\"wwns\":[…]}");
        }
        NodeInitiators.Parsed parsed = NodeInitiators.parse(body.iqns(), body.wwns());
        if (!parsed.valid()) {
            throw ProblemException.invalid(parsed.problems().stream()
                    .map(p -> new Problem.FieldError(p.contains("WWN") ? "wwns" : "iqns", p)).toList());
        }
        if (parsed.initiators().isEmpty()) {
            throw ProblemException.invalid("iqns", "give at least one IQN or WWN");
        }
        return record.fromAgent(name, parsed.initiators()).chain(() -> get(name));
    }
}
