package dev.mooring.topology.dr.rest;

import dev.mooring.kit.rest.Problem;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.dr.service.DrOperations;
import dev.mooring.topology.dr.service.FailoverPlan;
import dev.mooring.topology.dr.service.OperationViews;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Failovers (the other domain's applications taken over here) and failbacks (brought home again). */
@Path("/api/v1")
@SecurityRequirement(name = "bearer")
public class DrOperationResource {

    @Inject
    DrOperations operations;

    @POST
    @Path("/failovers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fail over from the other domain to this one (dryRun: only the checks and the plan)",
            description = "202 with the operation; 200 with the one already started or done; 409 with the failed checks")
    public Uni<Response> failover(FailoverRequest request) {
        if (request == null || request.failedDomain() == null || request.failedDomain().isBlank()) {
            throw ProblemException.invalid("failedDomain", "is required: the cluster domain whose applications move here");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        if (Boolean.TRUE.equals(request.dryRun())) {
            return operations.dryRun(request.failedDomain(), force).map(plan -> Response.ok(dryRun(plan)).build());
        }
        return operations.failover(request.failedDomain(), force)
                .map(started -> answer("failovers", started))
                .onFailure(DrOperations.PreflightRefused.class).recoverWithItem(error -> {
                    FailoverPlan plan = ((DrOperations.PreflightRefused) error).plan();
                    Problem problem = new Problem(Problem.TYPE_PREFIX + "failover-refused", "Failover refused", 409,
                            "the pre-flight checks failed: " + plan.failedChecks(), null,
                            plan.checks().stream().filter(c -> !c.passed())
                                    .map(c -> new Problem.FieldError(c.name(), c.detail())).toList());
                    return Response.status(409).type(Problem.MEDIA_TYPE).entity(problem).build();
                });
    }

    @GET
    @Path("/failovers")
    @Operation(summary = "Every failover to or from this domain, newest first")
    public Uni<List<OperationView>> failovers() {
        return operations.list(DrOperations.FAILOVER).map(OperationViews::of);
    }

    @GET
    @Path("/failovers/{id}")
    public Uni<OperationView> failover(@PathParam("id") String id) {
        return operations.find(DrOperations.FAILOVER, uuid(id)).map(OperationViews::of);
    }

    @POST
    @Path("/failbacks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Bring the applications back to the domain that failed over to this one",
            description = "Waits for the ActiveCluster resync, migrates back, scales down here, activates the other domain")
    public Uni<Response> failback(FailbackRequest request) {
        if (request == null || request.domain() == null || request.domain().isBlank()) {
            throw ProblemException.invalid("domain", "is required: the cluster domain the applications go back to");
        }
        return operations.failback(request.domain()).map(started -> answer("failbacks", started));
    }

    @GET
    @Path("/failbacks")
    public Uni<List<OperationView>> failbacks() {
        return operations.list(DrOperations.FAILBACK).map(OperationViews::of);
    }

    @GET
    @Path("/failbacks/{id}")
    public Uni<OperationView> failback(@PathParam("id") String id) {
        return operations.find(DrOperations.FAILBACK, uuid(id)).map(OperationViews::of);
    }

    private static Response answer(String collection, DrOperations.Started started) {
        OperationView view = OperationViews.of(started.operation());
        return (started.created() ? Response.accepted(view) : Response.ok(view))
                .location(URI.create("/api/v1/" + collection + "/" + view.id())).build();
    }

    private static DryRunView dryRun(FailoverPlan plan) {
        return new DryRunView(true, plan.wouldSucceed(), plan.failedDomain(), plan.survivor(), plan.epoch(), plan.checks(),
                plan.namespaces(), plan.steps());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "is not a UUID");
        }
    }
}
