package dev.mooring.provisioner.repository;

import dev.mooring.provisioner.domain.StorageRoles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks held until the transaction ends: the storage decisions of one zone are taken one
 * at a time, by any instance of the service, so a zone never gets more storage nodes than its limit.
 */
public final class PoolLocks {

    private PoolLocks() {
    }

    /** Call inside {@code Panache.withTransaction}. */
    public static Uni<Void> zone(String region, String zone) {
        return lock("storage-zone:" + StorageRoles.zoneKey(region, zone));
    }

    private static Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS l", Long.class)
                .setParameter("key", key)
                .getSingleResult()
                .replaceWithVoid());
    }
}
