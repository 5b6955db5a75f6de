package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** Each instance's view of the API server, as {@code Reason<TAB>message} lines (null: fine); in the caller's transaction. */
@ApplicationScoped
public class TakeoverPauseViews {

    /** Writes this instance's view now. */
    public Uni<Void> write(String instance, String reasons, OffsetDateTime now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO takeover_pause_view (instance, reasons, seen_at) VALUES (:instance, :reasons, :now)
                        ON CONFLICT (instance) DO UPDATE SET reasons = EXCLUDED.reasons, seen_at = EXCLUDED.seen_at""")
                .setParameter("instance", instance)
                .setParameter("reasons", reasons)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The broken views of the other instances seen since {@code freshSince}. */
    public Uni<List<String>> othersBroken(String instance, OffsetDateTime freshSince) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT reasons FROM takeover_pause_view
                        WHERE instance <> :instance AND seen_at >= :fresh AND reasons IS NOT NULL
                        ORDER BY instance""", String.class)
                .setParameter("instance", instance)
                .setParameter("fresh", freshSince)
                .getResultList());
    }
}
