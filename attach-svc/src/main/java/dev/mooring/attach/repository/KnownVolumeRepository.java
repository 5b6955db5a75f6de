package dev.mooring.attach.repository;

import dev.mooring.attach.domain.KnownVolumeState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queries on known volumes; callers open the session or transaction. */
@ApplicationScoped
public class KnownVolumeRepository implements PanacheRepositoryBase<KnownVolume, String> {

    /** Known volumes, optionally in one state, in volume id order. */
    public Uni<List<KnownVolume>> list(KnownVolumeState state, int pageIndex, int pageSize) {
        Sort order = Sort.by("volumeId");
        var query = state == null ? findAll(order) : find("state", order, state);
        return query.page(Page.of(pageIndex, pageSize)).list();
    }
}
