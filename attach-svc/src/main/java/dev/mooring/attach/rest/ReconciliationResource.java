package dev.mooring.attach.rest;

import dev.mooring.attach.service.ReconcileConnections;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Runs a reconciliation pass on demand (the loop runs one every {@code mooring.attach.reconcile.interval}). */
@Path("/api/v1/reconciliations")
@SecurityRequirement(name = "bearer")
public class ReconciliationResource {

    @Inject
    ReconcileConnections reconcile;

    @POST
    @Operation(summary = "Compare wanted and actual connections now and repair", description = "Returns what the pass"
            + " did; skipped=true when a pass was already running.")
    public Uni<ReconcileConnections.Report> run() {
        return reconcile.pass();
    }
}
