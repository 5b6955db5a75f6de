package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The announced state of pure.json entries; callers open the session or transaction. */
@ApplicationScoped
public class FlashArrayRepository implements PanacheRepositoryBase<FlashArrayRecord, String> {
}
