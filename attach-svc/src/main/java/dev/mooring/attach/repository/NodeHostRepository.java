package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The hosts Mooring made for nodes; callers open the session or transaction. */
@ApplicationScoped
public class NodeHostRepository implements PanacheRepositoryBase<NodeHost, String> {

    public Uni<NodeHost> find(String array, String node) {
        return findById(NodeHost.idOf(array, node));
    }

    public Uni<List<NodeHost>> onArray(String array) {
        return list("arrayName", array);
    }

    public Uni<List<NodeHost>> ofNode(String node) {
        return list("nodeName", node);
    }
}
