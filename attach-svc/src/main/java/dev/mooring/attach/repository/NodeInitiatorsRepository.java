package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Nodes' initiators; callers open the session or transaction. */
@ApplicationScoped
public class NodeInitiatorsRepository implements PanacheRepositoryBase<NodeInitiatorsRecord, String> {
}
