package dev.mooring.kit.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks held until the transaction ends, by name: a decision that several instances of a
 * service may take at once (two replicas' periodic jobs comparing the same table) is taken by one at a time, and
 * the second reads what the first committed. Call inside {@code Panache.withTransaction}.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits for the lock named {@code key} and holds it until the current transaction ends. */
    public static Uni<Void> hold(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS l", Long.class)
                .setParameter("key", key)
                .getSingleResult()
                .replaceWithVoid());
    }
}
