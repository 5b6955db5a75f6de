package dev.mooring.kit.outbox;

import dev.mooring.kit.outbox.EventPublisher.PendingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

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

    @ConfigProperty(name = "mooring.outbox.delivery-timeout", defaultValue = "30s")
    Duration deliveryTimeout;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String serviceName;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicReference<EventPublisher> publisher = new AtomicReference<>();
    private volatile boolean stopped;
    private PgSubscriber subscriber;
    private long pollTimer = -1;
    private Counter published;
    private Counter failures;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        published = metrics.counter("mooring.outbox.published");
        failures = metrics.counter("mooring.outbox.publish.failures");
        if (!enabled) {
            LOG.info("Outbox relay disabled by configuration");
            return;
        }
        publisher.compareAndSet(null, new KafkaEventPublisher(bootstrapServers, serviceName + "-outbox",
                (int) deliveryTimeout.toMillis()));
        listenForCommits();
        pollTimer = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
        wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        EventPublisher current = publisher.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    /** Asks for a drain; cheap and safe to call often (drains never overlap). */
    public void wake() {
        wakeRequested.set(true);
        if (!stopped && !paused.get() && draining.compareAndSet(false, true)) {
            drainLoop();
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

    private void drainLoop() {
        wakeRequested.set(false);
        drainOnce().subscribe().with(count -> {
            if (failing.compareAndSet(true, false)) {
                LOG.info("Outbox relay publishes again");
            }
            if (!stopped && !paused.get() && (count >= batchSize || wakeRequested.get())) {
                drainLoop();
                return;
            }
            draining.set(false);
            if (wakeRequested.get()) {
                wake();
            }
        }, error -> {
            failures.increment();
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("Outbox relay cannot publish yet, will retry every %s: %s", retryDelay, error.getMessage());
            }
            draining.set(false);
            if (!stopped) {
                vertx.setTimer(retryDelay.toMillis(), id -> wake());
            }
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
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection connection, EventPublisher current) {
        return connection.preparedQuery("SELECT id, event_id, topic, record_key, event_type, correlation_id, payload"
                        + " FROM outbox ORDER BY id LIMIT $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<PendingEvent> batch = new ArrayList<>();
                    for (Row row : rows) {
                        batch.add(new PendingEvent(row.getLong("id"), row.getUUID("event_id").toString(),
                                row.getString("topic"), row.getString("record_key"), row.getString("event_type"),
                                row.getString("correlation_id"), row.getBuffer("payload").getBytes()));
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

    private void listenForCommits() {
        PgConnectOptions options = PgConnectOptions.fromUri(
                reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring(15) : reactiveUrl);
        options.setUser(username);
        password.ifPresent(options::setPassword);
        // Its own metrics name: under the datasource's name its gauges would clash with the pool's.
        options.setMetricsName("mooring-outbox-listener");
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> retryDelay.toMillis());
        subscriber.channel(CHANNEL).handler(payload -> wake());
        subscriber.connect().subscribe().with(
                ok -> LOG.debug("Outbox relay listens for commits"),
                error -> LOG.warnf("Outbox relay cannot LISTEN (%s); it polls every %s", error.getMessage(), pollInterval));
    }
}
