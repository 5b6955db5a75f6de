package dev.mooring.topology.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** px_env reports by node name; callers open the session or transaction. */
@ApplicationScoped
public class PxEnvRepository implements PanacheRepositoryBase<PxEnvReport, String> {
}
