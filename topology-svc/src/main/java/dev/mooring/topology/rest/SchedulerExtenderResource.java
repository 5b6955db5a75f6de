package dev.mooring.topology.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.scheduling.ExtenderRequest;
import dev.mooring.topology.scheduling.SchedulerExtender;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * kube-scheduler's extender verbs (its ExtenderArgs in, ExtenderFilterResult or HostPriorityList out). They change
 * nothing and reveal only node names and scores, so topology-svc's configuration exempts them from the bearer token
 * kube-scheduler cannot send ({@code mooring.api.unauthenticated-paths}); see docs/scheduler-extender.md.
 */
@Path("/api/v1/scheduler")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SchedulerExtenderResource {

    @Inject
    SchedulerExtender extender;

    @Inject
    ObjectMapper json;

    @POST
    @Path("/filter")
    @Operation(summary = "Scheduler extender filter: keeps pods with Mooring volumes in the active cluster domain and"
            + " near an array serving their FlashArray volumes")
    public Uni<ObjectNode> filter(String body) {
        return extender.filter(parse(body));
    }

    @POST
    @Path("/prioritize")
    @Operation(summary = "Scheduler extender prioritize: scores nodes 0-10 by how close they are to the pod's data")
    public Uni<ArrayNode> prioritize(String body) {
        return extender.prioritize(parse(body));
    }

    private ExtenderRequest parse(String body) {
        try {
            return ExtenderRequest.parse(json, body);
        } catch (ExtenderRequest.BadArgs e) {
            throw ProblemException.invalid(e.field(), e.reason());
        }
    }
}
