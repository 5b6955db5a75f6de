package dev.mooring.topology.rest;

import dev.mooring.topology.repository.ConsumedEventRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** What topology-svc is doing: the events it has consumed from its topics. */
@Path("/api/v1/status")
@SecurityRequirement(name = "bearer")
public class StatusResource {

    @Inject
    ConsumedEventRepository counts;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @GET
    @Operation(summary = "Events consumed per type (each counted once, however often delivered), and the last one's time")
    public Uni<ServiceStatusView> status() {
        return Panache.withSession(() -> counts.byType()).map(list -> ServiceStatusView.of(service, list));
    }
}
