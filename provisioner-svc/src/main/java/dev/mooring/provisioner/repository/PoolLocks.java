package dev.mooring.provisioner.repository;

import dev.mooring.provisioner.domain.StorageRoles;
import dev.mooring.kit.db.TransactionLocks;
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
        return TransactionLocks.hold(key);
    }
}
