package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.repository.NodeHealthRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The scheduler: one thread that, every scheduler interval (and at once when a heartbeat needs it), handles the
 * heartbeats that are transitions, writes the batch of ordinary heartbeats when the flush interval has passed,
 * and fires every stored deadline that is due. All state is in the database: stopping it at any moment and
 * starting it again (or another instance) continues exactly where the store says.
 */
@ApplicationScoped
public class LivenessLoop {

    private static final Logger LOG = Logger.getLogger(LivenessLoop.class);

    @Inject
    HeartbeatTracker tracker;

    @Inject
    HeartbeatFlusher flusher;

    @Inject
    LivenessTransitions transitions;

    @Inject
    NodeHealthRepository nodes;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    @Inject
    NodeNotices notices;

    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private volatile ScheduledExecutorService worker;
    private volatile Instant lastFlush = Instant.EPOCH;
    private volatile Instant startedAt = Instant.EPOCH;

    /** Before the watchers (default priority) start delivering heartbeats. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        tracker.onUrgent(this::wake);
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the loop, first learning which nodes the store has Online. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        startedAt = clock.instant();
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liveness-scheduler");
            t.setDaemon(true);
            return t;
        });
        try {
            // Before the watchers' first heartbeats: the nodes already Online need no transaction of their own.
            await(() -> Panache.withSession(() -> nodes.onlineNames())).forEach(name -> tracker.knownState(name, true));
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the Online nodes at start (their heartbeats are handled one by one): %s",
                    e.toString());
        }
        long every = config.schedulerInterval().toMillis();
        worker.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Liveness scheduler started: grace %s, takeover after %s, every %s, heartbeats written every %s",
                config.gracePeriod(), config.takeoverAfter(), config.schedulerInterval(),
                config.heartbeatFlushInterval());
    }

    /** Stops the loop between two transactions (what a crash looks like to the store). */
    public synchronized void stop() {
        ScheduledExecutorService current = worker;
        worker = null;
        if (current != null) {
            current.shutdown(); // the pass under way finishes its transaction; no new one starts
            try {
                if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A restart of the process, as far as liveness goes: memory forgotten, everything rebuilt from the store. */
    public synchronized void restart() {
        stop();
        tracker.forgetAll();
        start();
    }

    /** Passes completed since start (tests wait on it). */
    public long passes() {
        return passes.get();
    }

    void wake() {
        ScheduledExecutorService current = worker;
        if (current != null && wakeQueued.compareAndSet(false, true)) {
            try {
                current.execute(() -> {
                    wakeQueued.set(false);
                    handleUrgent();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    private void pass() {
        try {
            handleUrgent();
            Instant now = clock.instant();
            if (!now.isBefore(lastFlush.plus(config.heartbeatFlushInterval()))) {
                int written = await(() -> flusher.flush());
                lastFlush = now;
                LOG.debugf("%d heartbeats written", written);
                handleUrgent();
            }
            int batch = config.schedulerBatchSize();
            int handled;
            do {
                handled = await(() -> transitions.fireDue(batch, startedAt.plus(config.gracePeriod())));
            } while (handled >= batch);
            passes.incrementAndGet();
        } catch (RuntimeException e) {
            if (worker != null) {
                LOG.warnf("Liveness pass failed, the next one retries: %s", e.toString());
            }
        }
    }

    private void handleUrgent() {
        List<String> names = List.copyOf(tracker.drainUrgent());
        for (String name : names) {
            try {
                await(() -> transitions.heartbeat(name));
            } catch (RuntimeException e) {
                LOG.warnf("node=%s heartbeat could not be handled, retrying: %s", name, e.toString());
                tracker.markUrgent(name);
            }
        }
    }

    /** Runs one unit of work (a transaction) and then records or drops the Node Events it produced. */
    private <T> T await(Supplier<Uni<T>> work) {
        try {
            T result = VertxContextSupport.subscribeAndAwait(work::get);
            notices.committed();
            return result;
        } catch (RuntimeException e) {
            notices.rolledBack();
            throw e;
        } catch (Throwable e) {
            notices.rolledBack();
            throw new IllegalStateException(e);
        }
    }
}
