package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Stored takeovers; callers open the transaction. */
@ApplicationScoped
public class TakeoverRepository implements PanacheRepositoryBase<TakeoverRecord, UUID> {

    public Uni<TakeoverRecord> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Nodes that are the replacement of a takeover still in flight. */
    public Uni<Set<String>> replacementsInFlight() {
        return list("replacementNode is not null and completedAt is null and abandonedAt is null")
                .map(l -> {
                    Set<String> names = new HashSet<>();
                    l.forEach(t -> names.add(t.replacementNode));
                    return names;
                });
    }

    public Uni<List<TakeoverRecord>> ofNode(String failedNode) {
        return list("failedNode", Sort.by("createdAt"), failedNode);
    }

    public Uni<List<TakeoverRecord>> all() {
        return listAll(Sort.by("failedNode").and("createdAt"));
    }
}
