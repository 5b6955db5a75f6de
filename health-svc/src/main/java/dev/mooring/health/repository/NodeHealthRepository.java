package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;

/** Stored node liveness; callers open the transaction. Every row that is changed is read locked first. */
@ApplicationScoped
public class NodeHealthRepository implements PanacheRepositoryBase<NodeHealthRecord, String> {

    /** The node's row, locked until the transaction ends; null when unknown. */
    public Uni<NodeHealthRecord> lock(String name) {
        return findById(name, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The node's row, created (state Unknown) if it did not exist, locked until the transaction ends. Creating
     * with ON CONFLICT lets a heartbeat and an event about a new node race without either failing.
     */
    public Uni<NodeHealthRecord> lockOrCreate(String name, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO node_health (name, state, updated_at) VALUES (:name, 'Unknown', :now)"
                                + " ON CONFLICT (name) DO NOTHING")
                .setParameter("name", name)
                .setParameter("now", now)
                .executeUpdate())
                .chain(() -> lock(name));
    }

    /**
     * Up to {@code limit} rows whose deadline is due, locked; rows another instance is handling right now are
     * skipped (it holds their lock), so two instances never work on one node at once.
     */
    public Uni<List<NodeHealthRecord>> lockDue(OffsetDateTime now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT * FROM node_health WHERE next_deadline_at <= :now
                        ORDER BY next_deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED""", NodeHealthRecord.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** The storageless nodes of a zone (the replacement choice filters further). */
    public Uni<List<NodeHealthRecord>> storagelessIn(String zone) {
        return zone == null ? list("role = 'storageless'") : list("role = 'storageless' and zone = ?1", zone);
    }

    /** Brings every blocked takeover's retry forward to now: a candidate may have appeared. */
    public Uni<Integer> wakePendingTakeovers(OffsetDateTime now) {
        return update("nextDeadlineAt = ?1 where state = 'TakeoverPending'"
                + " and (nextDeadlineAt is null or nextDeadlineAt > ?1)", now);
    }

    /** When each currently silent node (Offline or TakeoverPending, still in Kubernetes) went Offline. */
    public Uni<List<OffsetDateTime>> silentSince() {
        return find("state in ('Offline', 'TakeoverPending') and removed = false and offlineSince is not null")
                .project(OfflineSince.class).list().map(l -> l.stream().map(OfflineSince::offlineSince).toList());
    }

    /** The nodes whose heartbeats are followed: Online or silent, still in Kubernetes. */
    public Uni<Long> followedCount() {
        return count("state in ('Online', 'Offline', 'TakeoverPending') and removed = false");
    }

    public Uni<List<String>> onlineNames() {
        return find("state = 'Online'").project(NameOnly.class).list().map(l -> l.stream().map(NameOnly::name).toList());
    }

    public Uni<List<NodeHealthRecord>> all() {
        return listAll(Sort.by("name"));
    }

    /** Projection of the Offline time alone. */
    public record OfflineSince(OffsetDateTime offlineSince) {
    }

    /** Projection of the name alone. */
    public record NameOnly(String name) {
    }
}
