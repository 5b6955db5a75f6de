package dev.mooring.provisioner.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.provisioner.repository.FlashArrayRecord;
import dev.mooring.provisioner.repository.FlashArrayRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The FlashArrays configured in pure.json, with status and capacity as the provisioner sees them now, and when
 * their registration last changed (what was announced on {@code mooring.arrays}). Tokens are never shown.
 */
@Path("/api/v1/arrays")
@SecurityRequirement(name = "bearer")
public class ArrayResource {

    @Inject
    ArrayDirectory directory;

    @Inject
    FlashArrayRepository announced;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArrayView(String name, String endpoint, String id, String status, String purityVersion,
                            Long capacityBytes, Long freeBytes, String failureReason, String failureMessage,
                            Map<String, String> labels, Instant checkedAt, OffsetDateTime lastChangeAt) {
        static ArrayView of(RegisteredArray a, FlashArrayRecord announced) {
            return new ArrayView(a.name(), a.endpoint(), a.id(), a.status().name(), a.purityVersion(),
                    a.capacityBytes(), a.freeBytes(), a.failureReason(), a.failureMessage(), a.labels(), a.checkedAt(),
                    announced == null ? null : announced.lastChangeAt);
        }
    }

    /** A pure.json entry that could not be used at all. */
    public record RefusedEntryView(String entry, String reason) {
    }

    public record ArraysView(List<ArrayView> arrays, List<RefusedEntryView> refusedEntries) {
    }

    @GET
    @Operation(summary = "Configured FlashArrays with their registration status, capacity and last change")
    public Uni<ArraysView> list() {
        return Panache.withSession(() -> announced.listAll()).map(rows -> {
            Map<String, FlashArrayRecord> byKey = rows.stream()
                    .collect(Collectors.toMap(r -> r.key, Function.identity()));
            return new ArraysView(directory.arrays().stream().map(a -> ArrayView.of(a, byKey.get(a.endpoint())))
                    .toList(),
                    directory.malformedEntries().stream()
                            .map(m -> new RefusedEntryView(m.description(), m.reason())).toList());
        });
    }
}
