package dev.mooring.kit.deadletter;

import dev.mooring.events.Topic;
import dev.mooring.kit.tracing.EventTraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The service's dead letters: each is kept (for {@code GET /api/v1/dead-letters} and replay) and published to the
 * service's dead-letter topic with its reason, both in the transaction that gives up on it — so the channel or job
 * queue goes on, and nothing is lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    public static final String HEADER_REASON = "mooring-dead-letter-reason";
    public static final String HEADER_CHANNEL = "mooring-dead-letter-channel";

    @Inject
    MeterRegistry metrics;

    @Inject
    EventTraceContext tracing;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String service;

    /** A dead letter as the REST API shows it (without its payload). */
    public record View(long id, String channel, String topic, Integer partition, Long offset, String key,
                       UUID eventId, String eventType, String correlationId, String reason, int attempts,
                       OffsetDateTime deadLetteredAt, OffsetDateTime replayedAt) {
    }

    /** Records {@code letter} in the ongoing transaction. */
    public Uni<Long> record(DeadLetter letter) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO kit_dead_letters (channel, topic, kafka_partition, kafka_offset, record_key, event_id,
                            event_type, correlation_id, reason, attempts, payload)
                        VALUES (:channel, :topic, :partition, :offset, :key, :eventId, :eventType, :correlationId,
                            :reason, :attempts, :payload) RETURNING id""", Long.class)
                .setParameter("channel", letter.channel())
                .setParameter("topic", letter.topic())
                .setParameter("partition", letter.partition())
                .setParameter("offset", letter.offset())
                .setParameter("key", letter.key())
                .setParameter("eventId", letter.eventId())
                .setParameter("eventType", letter.eventType())
                .setParameter("correlationId", letter.correlationId())
                .setParameter("reason", letter.reason())
                .setParameter("attempts", letter.attempts())
                .setParameter("payload", letter.payload())
                .getSingleResult()
                .call(id -> publish(session, Topic.deadLetterTopic(service), letter.key(), letter.eventType(),
                        letter.correlationId(), letter.payload(),
                        Map.of(HEADER_REASON, letter.reason(), HEADER_CHANNEL, letter.channel())))
                .invoke(id -> {
                    metrics.counter("mooring.dead.letters", "channel", letter.channel()).increment();
                    LOG.warnf("Dead-lettered %s from %s (key=%s, dead letter %d): %s",
                            letter.eventType() == null ? "a record" : letter.eventType(), letter.channel(), letter.key(),
                            id, letter.reason());
                }));
    }

    /** Dead letters, newest first; replayed ones only when asked for. */
    public Uni<List<View>> list(boolean withReplayed, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT id, channel, topic, kafka_partition, kafka_offset, record_key, event_id, event_type,
                            correlation_id, reason, attempts, dead_lettered_at, replayed_at
                        FROM kit_dead_letters WHERE :all OR replayed_at IS NULL ORDER BY id DESC LIMIT :limit""",
                        Object[].class)
                .setParameter("all", withReplayed)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(DeadLetters::view).toList())));
    }

    public Uni<View> get(long id) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> one(session, id)));
    }

    /**
     * Sends a dead letter back where it came from — an event to its topic (every consumer's inbox ignores it where it
     * was handled before), a job to the job queue — and marks it replayed. Null when there is no such dead letter.
     */
    public Uni<View> replay(long id, ReplayTarget jobs) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE kit_dead_letters SET replayed_at = now() WHERE id = :id
                        RETURNING channel, topic, record_key, event_id, event_type, correlation_id, payload, replayed_at""",
                        Object[].class)
                .setParameter("id", id)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Object[] row = rows.get(0);
                    String channel = (String) row[0];
                    byte[] payload = (byte[]) row[6];
                    Uni<?> send = channel.startsWith(DeadLetter.JOB_PREFIX)
                            ? jobs.requeue(channel.substring(DeadLetter.JOB_PREFIX.length()), (String) row[2],
                                    new String(payload, java.nio.charset.StandardCharsets.UTF_8), (String) row[5])
                            : publish(session, (String) row[1], (String) row[2], (String) row[4], (String) row[5],
                                    payload, Map.of());
                    return send.chain(() -> one(session, id)).invoke(view -> LOG.infof(
                            "Dead letter %d replayed to %s", id, channel.startsWith(DeadLetter.JOB_PREFIX)
                                    ? "the job queue" : row[1]));
                })));
    }

    /** Where a dead job goes back to (the job queue; an interface so this package does not depend on it). */
    public interface ReplayTarget {
        Uni<Void> requeue(String kind, String key, String payload, String correlationId);
    }

    private Uni<View> one(Mutiny.Session session, long id) {
        return session.createNativeQuery("""
                        SELECT id, channel, topic, kafka_partition, kafka_offset, record_key, event_id, event_type,
                            correlation_id, reason, attempts, dead_lettered_at, replayed_at
                        FROM kit_dead_letters WHERE id = :id""", Object[].class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : view(rows.get(0)));
    }

    /** Into the outbox, with the trace of what gives up on it or replays it (so the dead letter's record continues it). */
    private Uni<Integer> publish(Mutiny.Session session, String topic, String key, String eventType,
                                 String correlationId, byte[] payload, Map<String, String> reasons) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(reasons);
        headers.putAll(tracing.current());
        return session.createNativeQuery("""
                        INSERT INTO outbox (event_id, topic, record_key, event_type, correlation_id, payload, headers)
                        VALUES (:eventId, :topic, :key, :eventType, :correlationId, :payload, :headers)""")
                .setParameter("eventId", UUID.randomUUID())
                .setParameter("topic", topic)
                .setParameter("key", key == null ? "" : key)
                .setParameter("eventType", eventType == null ? "unknown" : eventType)
                .setParameter("correlationId", correlationId == null ? "" : correlationId)
                .setParameter("payload", payload)
                .setParameter("headers", headers.isEmpty() ? null : dev.mooring.kit.outbox.OutboxHeaders.toJson(headers))
                .executeUpdate();
    }

    private static View view(Object[] r) {
        return new View(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                r[3] == null ? null : ((Number) r[3]).intValue(), r[4] == null ? null : ((Number) r[4]).longValue(),
                (String) r[5], (UUID) r[6], (String) r[7], (String) r[8], (String) r[9], ((Number) r[10]).intValue(),
                toOffset(r[11]), toOffset(r[12]));
    }

    private static OffsetDateTime toOffset(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
