package dev.mooring.kit.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The idempotent consumer's memory: which handler has processed which event. {@link #claim} belongs in
 * the same transaction as the effect of the event, so "processed" and "effect applied" commit together.
 */
@ApplicationScoped
public class Inbox {

    /**
     * Records that {@code handler} processes {@code eventId} in the ongoing transaction.
     *
     * @return true the first time; false when the event was already processed (a redelivery), in which
     *     case the caller applies nothing
     */
    public Uni<Boolean> claim(String handler, UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO inbox (handler, event_id) VALUES (:handler, :eventId)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("handler", handler)
                .setParameter("eventId", eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    /** Whether the event was processed already; lets a handler skip side effects on a redelivery. */
    public Uni<Boolean> processed(String handler, UUID eventId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM inbox WHERE handler = :handler AND event_id = :eventId",
                        Long.class)
                .setParameter("handler", handler)
                .setParameter("eventId", eventId)
                .getSingleResult()
                .map(count -> count > 0)));
    }
}
