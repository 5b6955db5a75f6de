package dev.mooring.health.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.health.repository.PodArrayStatusRecord;
import dev.mooring.health.repository.PodArrayStatusRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** ActiveCluster health: each stretched pod's status on each of its arrays, as last polled. */
@Path("/api/v1/pods")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class PodResource {

    @Inject
    PodArrayStatusRepository repository;

    /** Every stretched pod. */
    public record PodListView(List<PodView> pods) {
    }

    /** One pod and its arrays. */
    public record PodView(String pod, List<ArrayStatusView> arrays) {
    }

    /** The pod on one array. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArrayStatusView(String array, String status, Double progress, String mediatorStatus,
                                  OffsetDateTime changedAt, OffsetDateTime observedAt) {
    }

    @GET
    @Operation(summary = "Each stretched pod's status (online, offline, resyncing with progress, unknown) per array")
    public Uni<PodListView> list() {
        return Panache.withSession(() -> repository.all()).map(rows -> {
            Map<String, List<ArrayStatusView>> byPod = new LinkedHashMap<>();
            for (PodArrayStatusRecord r : rows) {
                byPod.computeIfAbsent(r.key.pod, p -> new java.util.ArrayList<>()).add(new ArrayStatusView(
                        r.key.array, r.status, r.progress, r.mediatorStatus, r.changedAt, r.observedAt));
            }
            return new PodListView(byPod.entrySet().stream().map(e -> new PodView(e.getKey(), e.getValue())).toList());
        });
    }
}
