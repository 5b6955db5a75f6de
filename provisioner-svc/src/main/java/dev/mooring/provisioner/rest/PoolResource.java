package dev.mooring.provisioner.rest;

import dev.mooring.provisioner.repository.CloudDriveRecord;
import dev.mooring.provisioner.repository.StorageNodeRecord;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import dev.mooring.provisioner.service.StorageSettingsSource;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Storage pools, their drives (with arrays), storage roles, and the storage settings in effect. */
@Path("/api/v1")
@SecurityRequirement(name = "bearer")
public class PoolResource {

    @Inject
    StorageSettingsSource settings;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DriveView(String name, String array, long sizeBytes, String serial, boolean provisioned,
                            boolean attached, String purpose, String attachFailure, String detachedReason) {
        static DriveView of(CloudDriveRecord d) {
            return new DriveView(d.driveName, d.arrayName, d.sizeBytes, d.serial, d.provisioned(), d.attached, d.purpose,
                    d.attachFailure, d.detachedReason);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoolView(String id, String node, String originNode, String region, String zone, String rack,
                           String state, long capacityBytes, long usedBytes, boolean overThreshold,
                           String failureReason, String failureMessage, OffsetDateTime updatedAt,
                           List<DriveView> drives) {
        static PoolView of(StoragePoolRecord p, List<CloudDriveRecord> drives) {
            return new PoolView(p.poolId, p.nodeName, p.originNode, p.region, p.zone, p.rack, p.state, p.capacityBytes,
                    p.usedBytes, p.overThreshold, p.failureReason, p.failureMessage, p.updatedAt,
                    drives.stream().sorted(Comparator.comparingInt(d -> d.driveIndex)).map(DriveView::of).toList());
        }
    }

    public record PoolsView(List<PoolView> pools) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StorageNodeView(String node, String role, String region, String zone, String rack, String poolId,
                                  String reason, OffsetDateTime updatedAt) {
    }

    public record StorageNodesView(List<StorageNodeView> nodes) {
    }

    @GET
    @Path("/pools")
    @Operation(summary = "Storage pools: node, zone, state, capacity, use, and drives with their arrays")
    public Uni<PoolsView> pools() {
        return Panache.withSession(() -> StoragePoolRecord.<StoragePoolRecord>list("order by poolId")
                .chain(pools -> CloudDriveRecord.<CloudDriveRecord>listAll().map(drives -> {
                    Map<String, List<CloudDriveRecord>> byPool = drives.stream()
                            .collect(Collectors.groupingBy(d -> d.poolId));
                    return new PoolsView(pools.stream()
                            .map(p -> PoolView.of(p, byPool.getOrDefault(p.poolId, List.of()))).toList());
                })));
    }

    @GET
    @Path("/pools/{id}")
    @Operation(summary = "One storage pool with its drives")
    public Uni<PoolView> pool(@PathParam("id") String id) {
        return Panache.withSession(() -> StoragePoolRecord.<StoragePoolRecord>findById(id).chain(pool -> {
            if (pool == null) {
                throw ProblemException.notFound("Pool " + id + " does not exist");
            }
            return CloudDriveRecord.<CloudDriveRecord>list("poolId", id).map(drives -> PoolView.of(pool, drives));
        }));
    }

    @GET
    @Path("/storage-nodes")
    @Operation(summary = "Each node's storage role (storage or storageless), its pool and why")
    public Uni<StorageNodesView> storageNodes() {
        return Panache.withSession(() -> StorageNodeRecord.<StorageNodeRecord>list("order by nodeName"))
                .map(rows -> new StorageNodesView(rows.stream().map(r -> new StorageNodeView(r.nodeName, r.role,
                        r.region, r.zone, r.rack, r.poolId, r.reason, r.updatedAt)).toList()));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StorageConfigView(String source, java.time.Instant since, Map<String, Object> settings,
                                    StorageSettingsSource.Refusal rejected) {
    }

    @GET
    @Path("/storage/config")
    @Operation(summary = "The storage settings in effect, where they come from, and a refused ConfigMap version")
    public StorageConfigView storageConfig() {
        StorageSettingsSource.Effective effective = settings.effective();
        return new StorageConfigView(effective.source(), effective.since(), effective.settings().asMap(),
                settings.refusal());
    }
}
