package dev.mooring.kit.intake;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.deadletter.DeadLetter;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.kit.deadletter.Failures;
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.tracing.EventTraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one way a service takes events off Kafka. {@link #admit} decodes a message and queues it behind the earlier
 * events of its key (events of different keys are handled side by side), then hands it to its
 * {@link EventConsumer}; the message is acknowledged once it is handled, parked or dead-lettered, never left
 * unacknowledged past the connector's limit:
 * <ul>
 * <li><em>forged</em> — an event type from a service that does not emit it, or on another topic than its own
 * ({@link EventOrigin}) — goes to the dead-letter topic unhandled;</li>
 * <li><em>poison</em> — cannot be decoded, is rejected as invalid, or fails the same way again and again — goes to
 * the dead-letter topic with its reason (see {@link DeadLetters}), and the channel goes on;</li>
 * <li><em>transient</em> failures are retried with backoff on the event's key for {@code mooring.intake.retry.budget};
 * an event still failing then is <em>parked</em>: a durable job redelivers it later, and the key's next events wait
 * behind it in the same way, so their order holds.</li>
 * </ul>
 * Handlers open their work with {@link #once}, which claims the event in the inbox in the effect's transaction.
 */
@ApplicationScoped
public class Intake {

    private static final Logger LOG = Logger.getLogger(Intake.class);
    static final String REDELIVER = "kit.redeliver";

    @Inject
    Inbox inbox;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Inject
    Jobs jobs;

    @Inject
    DeadLetters deadLetters;

    @Inject
    SafeContexts contexts;

    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    @Inject
    IntakeConfig config;

    @Inject
    java.time.Clock clock;

    @Inject
    EventTraceContext tracing;

    private KeyedLanes lanes;
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        lanes = new KeyedLanes(config.maxInFlight());
        metrics.gauge("mooring.intake.in.flight", this, intake -> intake.lanes.inFlight());
    }

    /** First thing at shutdown: no new handling starts, and what fails now is left for redelivery. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 10) ShutdownEvent event) {
        stopping = true;
    }

    /**
     * From an {@code @Incoming} method: returns once the message is admitted (there is room); it is acknowledged or
     * dead-lettered when its handling ends.
     */
    public Uni<Void> admit(Message<byte[]> message, EventConsumer consumer) {
        if (stopping) {
            // Not acknowledged: redelivered after the restart (or to the instance that takes the partition over).
            return Uni.createFrom().voidItem();
        }
        Record record = Record.of(message, consumer.channel());
        SpecificRecord event;
        try {
            event = EventCodec.instance().decode(message.getPayload());
        } catch (EventDecodingException e) {
            String reason = "not a known event (" + EventCodec.instance().describeWriter(message.getPayload()) + "): "
                    + e.getMessage();
            return lanes.admit(record.laneKey(), () -> contexts.run(() -> deadLetter(record, null, reason, 1)
                    .chain(() -> ack(message))));
        }
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        Optional<String> refusal = EventOrigin.refusal(event, envelope, record.topic());
        if (refusal.isPresent()) {
            // Counted here, logged by the dead letter with its reason.
            metrics.counter("mooring.intake.refused", "channel", consumer.channel()).increment();
            return lanes.admit(record.laneKey(), () -> contexts.run(() -> deadLetter(record, envelope, refusal.get(), 1)
                    .chain(() -> ack(message))));
        }
        long admitted = System.nanoTime();
        // How long after it happened an event reaches this service (relay, broker, consumer poll).
        metrics.timer("mooring.intake.lag", "channel", consumer.channel())
                .record(Duration.between(envelope.getOccurredAt(), clock.instant()).abs());
        return lanes.admit(record.laneKey(), () -> contexts.run(envelope.getCorrelationId(),
                () -> tracing.consuming(message, consumer.channel(), EventCatalog.typeName(event),
                                String.valueOf(envelope.getEventId()), () -> handleLive(message, record, event, envelope,
                                        consumer))
                        .invoke(() -> metrics.timer("mooring.intake.handling", "channel", consumer.channel())
                                .record(Duration.ofNanos(System.nanoTime() - admitted)))));
    }

    /**
     * The idempotent opening of a handler: runs {@code effect} in a transaction that also records {@code handler}
     * as having processed the event; a redelivered event runs nothing. Completes with whether the effect ran.
     */
    public Uni<Boolean> once(String handler, EventEnvelope envelope, Supplier<Uni<?>> effect) {
        UUID eventId = envelope.getEventId();
        return Panache.withTransaction(() -> inbox.claim(handler, eventId).chain(first -> first
                ? effect.get().replaceWith(Boolean.TRUE)
                : Uni.createFrom().item(Boolean.FALSE)));
    }

    /** Whether {@code handler} processed the event already (to skip outside work, e.g. an array call, on a redelivery). */
    public Uni<Boolean> processed(String handler, EventEnvelope envelope) {
        return inbox.processed(handler, envelope.getEventId());
    }

    private Uni<Void> handleLive(Message<byte[]> message, Record record, SpecificRecord event, EventEnvelope envelope,
                                 EventConsumer consumer) {
        return handleLive(message, record, event, envelope, consumer, 1);
    }

    private Uni<Void> handleLive(Message<byte[]> message, Record record, SpecificRecord event, EventEnvelope envelope,
                                 EventConsumer consumer, int round) {
        String type = EventCatalog.typeName(event);
        MDC.put("eventType", type);
        MDC.put("key", String.valueOf(envelope.getKey()));
        return parkedBefore(record).chain(parked -> parked
                        // An earlier event of this key is parked: this one waits behind it, in order.
                        ? park(record, envelope, "an earlier event of key " + record.key() + " is parked")
                        : withRetries(record, event, envelope, consumer, type))
                .chain(() -> ack(message))
                .onFailure().recoverWithUni(failure -> {
                    if (stopping) {
                        // Shutting down (the database pool may be closed already): leave the record unacknowledged;
                        // the next instance to own its partition gets it again.
                        LOG.infof("%s %s left for redelivery: the service is stopping", type, envelope.getEventId());
                        return Uni.createFrom().voidItem();
                    }
                    // Not even parking or dead-lettering worked: the database (or the broker) is away. Nothing is
                    // wrong with the event, so it is neither dead-lettered nor acknowledged; its lane waits and
                    // tries again, and the record is acknowledged once it is handled or stored.
                    Duration wait = new Backoff(config.retry().initial(), config.retry().max()).after(round);
                    LOG.warnf("Could not handle, park or dead-letter %s %s (round %d), again in %d ms: %s", type,
                            envelope.getEventId(), round, wait.toMillis(), Failures.describe(failure));
                    return pause(wait).chain(() -> handleLive(message, record, event, envelope, consumer, round + 1));
                });
    }

    private Uni<Void> withRetries(Record record, SpecificRecord event, EventEnvelope envelope, EventConsumer consumer,
                                  String type) {
        long deadline = System.nanoTime() + config.retry().budget().toNanos();
        Backoff backoff = new Backoff(config.retry().initial(), config.retry().max());
        return attempt(record, event, envelope, consumer, type, 1, deadline, backoff);
    }

    private Uni<Void> attempt(Record record, SpecificRecord event, EventEnvelope envelope, EventConsumer consumer,
                              String type, int attempt, long deadline, Backoff backoff) {
        return Uni.createFrom().deferred(() -> consumer.handle(event))
                .invoke(() -> metrics.counter("mooring.events.handled", "type", type).increment())
                .onFailure().recoverWithUni(failure -> {
                    String reason = Failures.describe(failure);
                    if (Failures.isPoison(failure)) {
                        return deadLetter(record, envelope, type + " cannot be handled: " + reason, attempt);
                    }
                    Duration wait = backoff.after(attempt);
                    if (System.nanoTime() + wait.toNanos() > deadline) {
                        return park(record, envelope, reason);
                    }
                    LOG.warnf("Handling %s %s failed (attempt %d), again in %d ms: %s", type, envelope.getEventId(),
                            attempt, wait.toMillis(), reason);
                    return pause(wait).chain(() -> attempt(record, event, envelope, consumer, type, attempt + 1,
                            deadline, backoff));
                });
    }

    /** Parks the record as a redelivery job (in order behind the key's other parked events). */
    private Uni<Void> park(Record record, EventEnvelope envelope, String reason) {
        metrics.counter("mooring.events.parked", "channel", record.channel()).increment();
        tracing.notDone("parked", reason);
        LOG.warnf("Parking %s of key %s until it can be handled (a job redelivers it): %s",
                envelope == null ? "a record" : envelope.getEventId(), record.key(), reason);
        return Panache.withTransaction(() -> jobs.enqueue(REDELIVER, record.laneKey(), record.parked(reason)));
    }

    /** One indexed lookup on the pool (no ORM session): every record pays it, so it must stay cheap. */
    private Uni<Boolean> parkedBefore(Record record) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM kit_jobs WHERE job_key = $1 AND kind = $2)")
                .execute(Tuple.of(record.laneKey(), REDELIVER))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    Uni<Void> deadLetter(Record record, EventEnvelope envelope, String reason, int attempts) {
        tracing.notDone("dead-lettered", reason);
        return Panache.withTransaction(() -> deadLetters.record(record.deadLetter(envelope, reason, attempts)))
                .replaceWithVoid();
    }

    private static Uni<Void> ack(Message<byte[]> message) {
        return Uni.createFrom().completionStage(message.ack());
    }

    private Uni<Void> pause(Duration delay) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, delay.toMillis()),
                id -> emitter.complete(null)));
    }

    /** A consumed record: where it came from and its bytes, for parking and dead-lettering. */
    record Record(String channel, String topic, Integer partition, Long offset, String key, byte[] payload) {

        static Record of(Message<byte[]> message, String channel) {
            Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
            return new Record(channel,
                    kafka.map(IncomingKafkaRecordMetadata::getTopic).orElse(channel),
                    kafka.map(IncomingKafkaRecordMetadata::getPartition).orElse(null),
                    kafka.map(IncomingKafkaRecordMetadata::getOffset).orElse(null),
                    kafka.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null),
                    message.getPayload());
        }

        /** Events of one key of one channel are handled in order; records without a key share one lane. */
        String laneKey() {
            return channel + "/" + (key == null ? "" : key);
        }

        ParkedRecord parked(String reason) {
            return new ParkedRecord(channel, topic, partition, offset, key, payload, reason);
        }

        DeadLetter deadLetter(EventEnvelope envelope, String reason, int attempts) {
            return new DeadLetter(channel, topic, partition, offset, key,
                    envelope == null ? null : envelope.getEventId(),
                    envelope == null ? null : typeOf(payload), envelope == null ? null : envelope.getCorrelationId(),
                    reason, attempts, payload);
        }

        private static String typeOf(byte[] payload) {
            try {
                return EventCatalog.typeName(EventCodec.instance().decode(payload));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
