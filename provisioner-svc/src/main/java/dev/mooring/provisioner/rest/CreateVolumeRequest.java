package dev.mooring.provisioner.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/volumes}. */
public record CreateVolumeRequest(
        @Schema(description = "Unique name of the volume (lower-case letters, digits, '-', '.', '_')", example = "db-data")
        String name,
        @Schema(description = "Size as a Kubernetes quantity", example = "10Gi")
        String size,
        @Schema(description = "StorageClass-style parameters: backend (pure_block), pure_fa_pod_name, max_iops, "
                + "max_bandwidth; without backend the volume is pool-backed: repl (1-3), zones, racks, regions",
                example = "{\"backend\":\"pure_block\",\"max_iops\":\"5000\"}")
        Map<String, Object> parameters) {
}
