package dev.mooring.kit.inventory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table {@code kit_orphans}: each orphan with its first sighting (shared by every instance and kept across
 * restarts) and what was done, plus {@code kit_inventory_runs}, which lets one instance per interval run a source.
 * Writes take part in the caller's transaction (so the Events of a change commit with it).
 */
@ApplicationScoped
public class OrphanBook {

    private static final String COLUMNS = "kind, location, name, arrays, reason, message, first_seen, last_seen,"
            + " action, action_detail, acted_at, cleaned_at, resolved_at";

    @Inject
    Pool pool;

    /**
     * An orphan as the REST API shows it. {@code age} (ISO-8601, and in seconds): from its first sighting to now, or to
     * its resolution; {@code array}: its arrays, comma-separated.
     */
    public record View(String kind, String name, String array, List<String> arrays, String reason, String message,
                       OffsetDateTime firstSeen, OffsetDateTime lastSeen, String age, long ageSeconds,
                       String action, String actionDetail, OffsetDateTime actedAt, OffsetDateTime cleanUpAfter,
                       OffsetDateTime resolvedAt) {
    }

    /**
     * This instance may run {@code source} now: no instance started a run of it within {@code minGap}. Claimed in one
     * statement, so of two instances asking at once, one gets it.
     */
    public Uni<Boolean> claimRun(String source, String instance, Instant now, Duration minGap) {
        return pool.preparedQuery("""
                        INSERT INTO kit_inventory_runs (source, started_at, instance) VALUES ($1, $2, $3)
                        ON CONFLICT (source) DO UPDATE SET started_at = EXCLUDED.started_at, instance = EXCLUDED.instance
                        WHERE kit_inventory_runs.started_at <= $4 RETURNING source""")
                .execute(Tuple.of(source, at(now), instance, at(now.minus(minGap))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Every booked orphan of {@code kinds}, resolved ones too (the recovery rule reads them). */
    public Uni<Map<OrphanKey, InventoryComparison.Booked>> booked(List<String> kinds) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM kit_orphans WHERE kind = ANY($1)")
                .execute(Tuple.of(kinds.toArray(String[]::new)))
                .map(rows -> {
                    Map<OrphanKey, InventoryComparison.Booked> book = new HashMap<>();
                    for (Row row : rows) {
                        book.put(new OrphanKey(row.getString("kind"), row.getString("location"), row.getString("name")),
                                new InventoryComparison.Booked(arrays(row.getString("arrays")),
                                        instant(row, "first_seen"), row.getString("action"), instant(row, "cleaned_at"),
                                        instant(row, "resolved_at")));
                    }
                    return book;
                });
    }

    /** In the ongoing transaction: the orphans seen now, and the booked ones resolved. */
    public Uni<Void> save(InventoryComparison.Plan plan, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Orphan orphan : plan.orphans()) {
            chain = chain.chain(() -> update("""
                    INSERT INTO kit_orphans (kind, location, name, arrays, reason, message, first_seen, last_seen, action)
                    VALUES (:kind, :location, :name, :arrays, :reason, :message, :firstSeen, :now, :action)
                    ON CONFLICT (kind, location, name) DO UPDATE SET arrays = EXCLUDED.arrays,
                        reason = EXCLUDED.reason, message = EXCLUDED.message, first_seen = EXCLUDED.first_seen,
                        last_seen = EXCLUDED.last_seen, resolved_at = NULL,
                        cleaned_at = CASE WHEN kit_orphans.action = :kept OR EXCLUDED.action = :kept
                            THEN kit_orphans.cleaned_at ELSE NULL END,
                        action = CASE WHEN kit_orphans.cleanup_claimed_until > :now THEN kit_orphans.action
                            ELSE EXCLUDED.action END""", Map.of("kind", orphan.kind(),
                    "location", orphan.key().location(), "name", orphan.name(), "arrays", String.join(",", orphan.arrays()),
                    "reason", orphan.reason(), "message", orphan.message(), "firstSeen", at(orphan.firstSeen()),
                    "now", at(now), "action", orphan.action(), "kept", Orphan.KEPT_AFTER_RECOVERY)));
        }
        for (OrphanKey key : plan.resolved()) {
            chain = chain.chain(() -> update("UPDATE kit_orphans SET resolved_at = :now, cleanup_claimed_until = NULL"
                            + " WHERE kind = :kind AND location = :location AND name = :name AND resolved_at IS NULL",
                    Map.of("now", at(now), "kind", key.kind(), "location", key.location(), "name", key.name())));
        }
        return chain;
    }

    /** Forgets resolved orphans older than {@code keep}. */
    public Uni<Void> purge(Instant now, Duration keep) {
        return pool.preparedQuery("DELETE FROM kit_orphans WHERE resolved_at < $1")
                .execute(Tuple.of(at(now.minus(keep)))).replaceWithVoid();
    }

    /**
     * Claims a due orphan's clean-up for {@code lease}: only while it is still booked as an orphan, never cleaned
     * up, its grace over, and no instance holds it. False: leave it.
     */
    public Uni<Boolean> claimCleanup(OrphanKey key, Instant now, Duration grace, Duration lease) {
        return pool.preparedQuery("""
                        UPDATE kit_orphans SET action = $4, cleanup_claimed_until = $5
                        WHERE kind = $1 AND location = $2 AND name = $3 AND resolved_at IS NULL AND cleaned_at IS NULL
                            AND first_seen <= $6 AND (cleanup_claimed_until IS NULL OR cleanup_claimed_until < $7)
                        RETURNING name""")
                .execute(Tuple.from(List.of(key.kind(), key.location(), key.name(), Orphan.CLEANING_UP,
                        at(now.plus(lease)), at(now.minus(grace)), at(now))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Gives a claimed clean-up back untouched (the state claimed the object again meanwhile). */
    public Uni<Void> release(OrphanKey key, String action) {
        return pool.preparedQuery("UPDATE kit_orphans SET action = $4, cleanup_claimed_until = NULL"
                        + " WHERE kind = $1 AND location = $2 AND name = $3")
                .execute(Tuple.of(key.kind(), key.location(), key.name(), action)).replaceWithVoid();
    }

    /** In the ongoing transaction: what the clean-up did (cleaned, or why not). */
    public Uni<Void> cleanedUp(OrphanKey key, InventorySource.Cleanup cleanup, Instant now) {
        boolean done = cleanup instanceof InventorySource.Cleanup.Done;
        String action = cleanup instanceof InventorySource.Cleanup.Done d ? d.action() : Orphan.CLEANUP_FAILED;
        String detail = cleanup instanceof InventorySource.Cleanup.Failed f ? f.reason() + ": " + f.detail()
                : cleanup.detail();
        return update("UPDATE kit_orphans SET action = :action, action_detail = :detail, acted_at = :now,"
                        + " cleanup_claimed_until = NULL, cleaned_at = " + (done ? ":now" : "NULL")
                        + " WHERE kind = :kind AND location = :location AND name = :name",
                Map.of("action", action, "detail", detail, "now", at(now), "kind", key.kind(),
                        "location", key.location(), "name", key.name()));
    }

    /** Current orphans (all: resolved ones too), oldest first. */
    public Uni<List<View>> list(boolean all, Instant now, Duration grace) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM kit_orphans WHERE $1 OR resolved_at IS NULL"
                        + " ORDER BY first_seen, kind, name")
                .execute(Tuple.of(all))
                .map(rows -> {
                    List<View> views = new ArrayList<>();
                    for (Row row : rows) {
                        views.add(view(row, now, grace));
                    }
                    return views;
                });
    }

    private static View view(Row row, Instant now, Duration grace) {
        Instant firstSeen = instant(row, "first_seen");
        Instant resolvedAt = instant(row, "resolved_at");
        Duration age = Duration.between(firstSeen, resolvedAt != null ? resolvedAt : now);
        String action = row.getString("action");
        boolean planned = Orphan.CLEAN_UP_AFTER_GRACE.equals(action) || Orphan.CLEANUP_FAILED.equals(action);
        List<String> arrays = arrays(row.getString("arrays"));
        return new View(row.getString("kind"), row.getString("name"), String.join(",", arrays), arrays,
                row.getString("reason"), row.getString("message"), row.getOffsetDateTime("first_seen"),
                row.getOffsetDateTime("last_seen"), age.withNanos(0).toString(), age.toSeconds(), action, row.getString("action_detail"),
                row.getOffsetDateTime("acted_at"),
                planned && resolvedAt == null ? at(firstSeen.plus(grace)) : null, row.getOffsetDateTime("resolved_at"));
    }

    private static Uni<Void> update(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private static List<String> arrays(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
