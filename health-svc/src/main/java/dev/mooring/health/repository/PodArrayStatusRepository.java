package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Stored pod statuses; callers open the session or transaction. */
@ApplicationScoped
public class PodArrayStatusRepository implements PanacheRepositoryBase<PodArrayStatusRecord, PodArrayStatusRecord.Key> {

    public Uni<List<PodArrayStatusRecord>> all() {
        return listAll(Sort.by("key.pod").and("key.array"));
    }
}
