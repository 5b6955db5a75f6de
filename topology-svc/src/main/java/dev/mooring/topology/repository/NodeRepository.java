package dev.mooring.topology.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Nodes as topology-svc knows them; callers open the session or transaction. */
@ApplicationScoped
public class NodeRepository implements PanacheRepositoryBase<NodeRecord, String> {

    /** Nodes that exist in Kubernetes (as last seen), by name. */
    public Uni<List<NodeRecord>> live() {
        return list("removed = false", Sort.by("name"));
    }

    /** The live node called {@code name}, or null. */
    public Uni<NodeRecord> findLive(String name) {
        return find("name = ?1 and removed = false", name).firstResult();
    }
}
