package dev.mooring.kit.outbox;

import dev.mooring.kit.outbox.EventPublisher.PendingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import dev.mooring.kit.db.Notifications;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in id order, then deletes them. Woken by the database's
 * NOTIFY on commit, and by a poll as a safety net. A crash between the commit and the publish loses
 * nothing: the rows wait for the next drain. A crash after the publish and before the delete may publish
 * a row twice, which consumers absorb by deduplicating on eventId.
 *
 * <p>Only one relay of a service drains at a time (a transaction-scoped advisory lock), so several
 * instances never publish one key's events out of order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6d6f6f72696e67L; // "mooring"
    private static final String CHANNEL = "mooring_outbox";

    @Inject
    Pool pool;

    @Inject
    BackgroundWork background;

    @Inject
    Notifications notifications;

    @Inject
    MeterRegistry metrics;

    /** Publish the outbox (off only to hold events back, e.g. in a test). */
    @ConfigProperty(name = "mooring.outbox.relay.enabled", defaultValue = "true")
    boolean enabled;

    /** Rows per drain transaction. */
    @ConfigProperty(name = "mooring.outbox.batch-size", defaultValue = "256")
    int batchSize;

    /** Safety-net poll; NOTIFY normally wakes the relay at once. */
    @ConfigProperty(name = "mooring.outbox.poll-interval", defaultValue = "1s")
    Duration pollInterval;

    /** Wait before draining again after a failed publish (broker down). */
    @ConfigProperty(name = "mooring.outbox.retry-delay", defaultValue = "1s")
    Duration retryDelay;

    /** How long the broker may take to acknowledge a published event before the drain is tried again. */
    @ConfigProperty(name = "mooring.outbox.delivery-timeout", defaultValue = "30s")
    Duration deliveryTimeout;

    @Inject
    dev.mooring.kit.kafka.KafkaClients kafkaClients;

    @Inject
    dev.mooring.kit.tracing.EventTraceContext tracing;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String serviceName;

    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicReference<EventPublisher> publisher = new AtomicReference<>();
    private PeriodicJob relay;
    private Counter published;
    private Counter failures;
    private io.micrometer.core.instrument.Timer outboxAge;
    /** Age in ms of the oldest unpublished event at this instance's last drain; 0 when it found none (or not its turn). */
    private final java.util.concurrent.atomic.AtomicLong lagMillis = new java.util.concurrent.atomic.AtomicLong();

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        published = metrics.counter("mooring.outbox.published");
        failures = metrics.counter("mooring.outbox.publish.failures");
        outboxAge = metrics.timer("mooring.outbox.age");
        io.micrometer.core.instrument.Gauge.builder("mooring.outbox.lag", lagMillis, ms -> ms.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest event waiting in the outbox at the last drain")
                .register(metrics);
        if (!enabled) {
            LOG.info("Outbox relay disabled by configuration");
            return;
        }
        publisher.compareAndSet(null, new KafkaEventPublisher(kafkaClients.config(java.util.Map.of()),
                serviceName + "-outbox", (int) deliveryTimeout.toMillis(), tracing));
        relay = background.periodic("outbox-relay", pollInterval,
                new Backoff(retryDelay, retryDelay.compareTo(pollInterval) > 0 ? retryDelay : pollInterval), this::drain);
        notifications.onNotify(CHANNEL, this::wake);
    }

    /** After the background work stopped (it drains no more): the producer can go. */
    void onStop(@Observes ShutdownEvent event) {
        EventPublisher current = publisher.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    /** Asks for a drain; cheap and safe to call often (drains never overlap). */
    public void wake() {
        if (relay != null && !paused.get()) {
            relay.runSoon();
        }
    }

    /** Stops publishing (rows keep accumulating) — operations and tests use it to hold events back. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
        wake();
    }

    /** Replaces the publisher, e.g. to put a failing one in front of the real broker in a test. */
    public EventPublisher replacePublisher(EventPublisher replacement) {
        return publisher.getAndSet(replacement);
    }

    /** How many events wait to be published. */
    public Uni<Long> pendingCount() {
        return pool.query("SELECT count(*) FROM outbox").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Publishes batch after batch until the outbox is empty (or paused). */
    private Uni<Void> drain() {
        if (paused.get()) {
            return Uni.createFrom().voidItem();
        }
        return drainOnce().onFailure().invoke(error -> {
            failures.increment();
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("Outbox relay cannot publish yet, will retry every %s: %s", retryDelay, error.getMessage());
            }
        }).chain(count -> {
            if (failing.compareAndSet(true, false)) {
                LOG.info("Outbox relay publishes again");
            }
            return count >= batchSize ? drain() : Uni.createFrom().voidItem();
        });
    }

    /** One transaction: take the relay lock, read a batch in order, publish it, delete what was published. */
    Uni<Integer> drainOnce() {
        EventPublisher current = publisher.get();
        if (current == null) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(connection, current)
                        : Uni.createFrom().item(0).invoke(() -> lagMillis.set(0)))); // another instance relays
    }

    private Uni<Integer> publishBatch(SqlConnection connection, EventPublisher current) {
        return connection.preparedQuery("SELECT id, event_id, topic, record_key, event_type, correlation_id, payload, headers,"
                        + " extract(epoch from (clock_timestamp() - created_at)) AS age FROM outbox ORDER BY id LIMIT $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<PendingEvent> batch = new ArrayList<>();
                    lagMillis.set(0);
                    for (Row row : rows) {
                        // From commit to publication: how long an event waits in the outbox.
                        long ageMillis = Math.max(0, Math.round(row.getNumeric("age").doubleValue() * 1000));
                        outboxAge.record(Duration.ofMillis(ageMillis));
                        lagMillis.accumulateAndGet(ageMillis, Math::max);
                        batch.add(new PendingEvent(row.getLong("id"), row.getUUID("event_id").toString(),
                                row.getString("topic"), row.getString("record_key"), row.getString("event_type"),
                                row.getString("correlation_id"), row.getBuffer("payload").getBytes(),
                                OutboxHeaders.fromJson(row.getString("headers"))));
                    }
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] ids = batch.stream().map(PendingEvent::id).toArray(Long[]::new);
                    return Uni.createFrom().completionStage(() -> current.publish(batch))
                            .chain(() -> connection.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids)))
                            .map(deleted -> {
                                published.increment(batch.size());
                                return batch.size();
                            });
                });
    }
}
