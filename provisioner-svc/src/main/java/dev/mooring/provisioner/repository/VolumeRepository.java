package dev.mooring.provisioner.repository;

import dev.mooring.provisioner.domain.VolumeState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Queries on volumes; callers open the session or transaction. */
@ApplicationScoped
public class VolumeRepository implements PanacheRepositoryBase<VolumeRecord, UUID> {

    /** The volume that holds a name now (a deleted one gives its name up). */
    public Uni<VolumeRecord> findLiveByName(String name) {
        return find("name = ?1 and state <> ?2", name, VolumeState.Deleted).firstResult();
    }

    /** Volumes of claims in one of these states. */
    public Uni<List<VolumeRecord>> claimVolumesIn(List<VolumeState> states) {
        return find("claimName is not null and state in ?1", states).list();
    }

    /** Ids of the failed volumes with this failure reason, oldest first. */
    public Uni<List<UUID>> failedWith(String reason) {
        return find("state = ?1 and failureReason = ?2", Sort.by("createdAt").and("id"), VolumeState.Failed, reason)
                .list().map(rows -> rows.stream().map(volume -> volume.id).toList());
    }

    /** Failed volumes in a stretched pod with this failure reason. */
    public Uni<List<VolumeRecord>> failedInPod(String podName, String reason) {
        return find("state = ?1 and failureReason = ?2 and podName = ?3", Sort.by("createdAt").and("id"),
                VolumeState.Failed, reason, podName).list();
    }

    public Uni<List<VolumeRecord>> list(String name, VolumeState state, int pageIndex, int pageSize) {
        StringBuilder query = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (name != null) {
            query.append(" and name = :name");
            params.put("name", name);
        }
        if (state != null) {
            query.append(" and state = :state");
            params.put("state", state);
        }
        return find(query.toString(), Sort.by("createdAt").and("id"), params)
                .page(Page.of(pageIndex, pageSize)).list();
    }
}
