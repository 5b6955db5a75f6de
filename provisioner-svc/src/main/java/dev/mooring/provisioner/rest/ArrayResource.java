package dev.mooring.provisioner.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The FlashArrays configured in pure.json, with status and capacity. Tokens are never shown. */
@Path("/api/v1/arrays")
@SecurityRequirement(name = "bearer")
public class ArrayResource {

    @Inject
    ArrayDirectory directory;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArrayView(String name, String endpoint, String id, String status, String purityVersion,
                            Long capacityBytes, Long freeBytes, String failureReason, String failureMessage,
                            Map<String, String> labels, Instant checkedAt) {
        static ArrayView of(RegisteredArray a) {
            return new ArrayView(a.name(), a.endpoint(), a.id(), a.status().name(), a.purityVersion(),
                    a.capacityBytes(), a.freeBytes(), a.failureReason(), a.failureMessage(), a.labels(), a.checkedAt());
        }
    }

    /** A pure.json entry that could not be used at all. */
    public record RefusedEntryView(String entry, String reason) {
    }

    public record ArraysView(List<ArrayView> arrays, List<RefusedEntryView> refusedEntries) {
    }

    @GET
    @Operation(summary = "Configured FlashArrays with their registration status and capacity")
    public ArraysView list() {
        return new ArraysView(directory.arrays().stream().map(ArrayView::of).toList(),
                directory.malformedEntries().stream()
                        .map(m -> new RefusedEntryView(m.description(), m.reason())).toList());
    }
}
