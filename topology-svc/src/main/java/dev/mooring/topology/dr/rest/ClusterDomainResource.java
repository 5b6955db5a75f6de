package dev.mooring.topology.dr.rest;

import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.dr.service.ClusterDomains;
import dev.mooring.topology.dr.service.DomainActivation;
import dev.mooring.topology.dr.service.DomainsReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The two cluster domains: their view, and activating or deactivating one at a time. */
@Path("/api/v1/cluster-domains")
@SecurityRequirement(name = "bearer")
public class ClusterDomainResource {

    @Inject
    DomainsReport report;

    @Inject
    DomainActivation activation;

    @Inject
    ClusterDomains domains;

    @GET
    @Operation(summary = "Both cluster domains with their state, the witness, and each stretched pod's state per array")
    public Uni<ClusterDomainsView> view() {
        return report.view();
    }

    @GET
    @Path("/local")
    @Operation(summary = "This domain's name, state and epoch (what the other domain reads)")
    public Uni<LocalDomainView> local() {
        return Panache.withSession(() -> domains.stored()).map(stored -> stored.map(r -> new LocalDomainView(r.name, r.state,
                r.epoch, r.changedAt.toInstant(), r.reason)).orElseThrow(() -> ProblemException.notFound(
                "This installation is no cluster domain: mooring.dr.domain is not set")));
    }

    @POST
    @Path("/{name}/activate")
    @Operation(summary = "Activate a domain; refused (409) when the other one is active, 503 when it cannot be asked")
    public Uni<ClusterDomainsView> activate(@PathParam("name") String name) {
        return activation.activate(name).chain(report::view);
    }

    @POST
    @Path("/{name}/deactivate")
    @Operation(summary = "Deactivate a domain; refused (409) when the other one is not active")
    public Uni<ClusterDomainsView> deactivate(@PathParam("name") String name) {
        return activation.deactivate(name).chain(report::view);
    }

    @POST
    @Path("/{name}/step-down")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Called by the other domain when it was activated: this one turns inactive and scales its"
            + " migrated applications to zero")
    public Uni<LocalDomainView> stepDown(@PathParam("name") String name, StepDownRequest request) {
        if (!domains.name().map(name::equals).orElse(false)) {
            throw ProblemException.notFound("Cluster domain " + name + " is not this one");
        }
        if (request == null || request.epoch() == null || request.epoch() < 0) {
            throw ProblemException.invalid("epoch", "is required: the epoch of the other domain's activation (0 or more)");
        }
        String reason = request.reason() == null || request.reason().isBlank() ? "the other domain was activated"
                : request.reason();
        return activation.stepDown(request.epoch(), reason).chain(scaled -> local());
    }
}
