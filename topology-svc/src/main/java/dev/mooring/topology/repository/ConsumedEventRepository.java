package dev.mooring.topology.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** Counts of consumed events; callers open the session or transaction. */
@ApplicationScoped
public class ConsumedEventRepository implements PanacheRepositoryBase<ConsumedEvent, String> {

    /** Adds one to the count of {@code type}, in one statement so that concurrent consumers cannot lose one. */
    public Uni<Void> countOne(String type, String topic, OffsetDateTime occurredAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO consumed_event (event_type, topic, event_count, last_occurred_at, last_consumed_at)
                        VALUES (:type, :topic, 1, :occurredAt, clock_timestamp())
                        ON CONFLICT (event_type) DO UPDATE SET
                            event_count = consumed_event.event_count + 1,
                            topic = EXCLUDED.topic,
                            last_occurred_at = GREATEST(consumed_event.last_occurred_at, EXCLUDED.last_occurred_at),
                            last_consumed_at = EXCLUDED.last_consumed_at""")
                .setParameter("type", type)
                .setParameter("topic", topic)
                .setParameter("occurredAt", occurredAt)
                .executeUpdate()
                .replaceWithVoid());
    }

    public Uni<List<ConsumedEvent>> byType() {
        return listAll(Sort.by("eventType"));
    }
}
