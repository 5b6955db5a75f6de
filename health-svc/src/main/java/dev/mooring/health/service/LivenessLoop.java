package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.lease.LeaderLease;
import dev.mooring.kit.lease.LeaderLeases;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scheduler, run by the kit's {@link PeriodicJob} (one run at a time, on a safe context): every scheduler
 * interval — and at once when a heartbeat that is a transition wakes it — a <em>pass</em> handles the heartbeats
 * that are transitions, writes the batch of ordinary heartbeats when the flush interval has passed, and fires every
 * stored deadline that is due. All state is in the database: stopping it at any moment (after the transaction under
 * way) and starting it again (or another instance) continues exactly where the store says.
 *
 * <p>With several instances, only the holder of the leader lease {@link #LEASE} decides (handles the transitions and
 * fires the deadlines, each transaction fenced by the lease); every instance still flushes its heartbeats of Online
 * nodes, records the sightings of the others ({@link HeartbeatSightings}) for the leader to apply, and writes its view
 * of the API server for the takeover gate. An instance that becomes leader starts from the store.
 */
@ApplicationScoped
public class LivenessLoop {

    private static final Logger LOG = Logger.getLogger(LivenessLoop.class);
    /** The leader lease of liveness decisions ({@code mooring.leader.health-liveness.ttl}, …). */
    public static final String LEASE = "health-liveness";

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
    BackgroundWork background;

    @Inject
    TakeoverPauses pauses;

    @Inject
    SafeContexts contexts;

    @Inject
    HeartbeatSightings sightings;

    @Inject
    LeaderLeases leases;

    @Inject
    TakeoverMeters takeoverMeters;

    /** How long stopping waits for the transaction under way (the kit's setting for all background work). */
    @ConfigProperty(name = "mooring.background.stop-grace", defaultValue = "10s")
    Duration stopGrace;

    private final AtomicLong passes = new AtomicLong();
    private volatile PeriodicJob job;
    /** Changes at every start and stop: a run of an earlier start starts no further transaction. */
    private volatile long generation;
    private volatile Instant lastFlush = Instant.EPOCH;
    private volatile Instant startedAt = Instant.EPOCH;

    /** Before the watchers (default priority) start delivering heartbeats. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        tracker.onUrgent(this::wake);
        // Becoming the leader: decide at once what is due; stopping: the next pass records sightings instead.
        lease().onChange(leading -> wake());
        start();
    }

    /** Starts the loop, first learning which nodes the store has Online; its runs begin once the application runs. */
    public synchronized void start() {
        if (job != null) {
            return;
        }
        startedAt = clock.instant();
        lastFlush = Instant.EPOCH;
        long current = ++generation;
        try {
            // Before the watchers' first heartbeats: the nodes already Online need no transaction of their own.
            contexts.await(() -> Panache.withSession(() -> nodes.onlineNames()))
                    .forEach(name -> tracker.knownState(name, true));
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the Online nodes at start (their heartbeats are handled one by one): %s",
                    e.toString());
        }
        job = background.periodic("liveness", config.schedulerInterval(), () -> pass(current));
        LOG.infof("Liveness scheduler started: grace %s, takeover after %s, every %s, heartbeats written every %s",
                config.gracePeriod(), config.takeoverAfter(), config.schedulerInterval(),
                config.heartbeatFlushInterval());
    }

    /** Stops the loop after the transaction under way (what a crash looks like to the store). */
    public synchronized void stop() {
        PeriodicJob current = job;
        job = null;
        generation++;
        if (current != null) {
            current.stop(stopGrace);
        }
    }

    /** A restart of the process, as far as liveness goes: memory forgotten, everything rebuilt from the store. */
    public synchronized void restart() {
        stop();
        tracker.forgetAll();
        start();
    }

    /** The lease whose holder decides (REST shows who holds it). */
    public LeaderLease lease() {
        return leases.lease(LEASE);
    }

    /** Passes completed since start (tests wait on it). */
    public long passes() {
        return passes.get();
    }

    /** A heartbeat that is a transition, or a fact that may unblock a takeover: run now, not at the next pass. */
    void wake() {
        PeriodicJob current = job;
        if (current != null) {
            current.runSoon();
        }
    }

    private Uni<Void> pass(long started) {
        Instant now = clock.instant();
        // Read once per pass; each decision's transaction checks the lease itself (the fence).
        boolean leading = lease().isLeader();
        Uni<Void> flushed = handleUrgent(leading);
        if (!now.isBefore(lastFlush.plus(config.heartbeatFlushInterval()))) {
            flushed = flushed.chain(flusher::flush).invoke(written -> {
                lastFlush = now;
                LOG.debugf("%d heartbeats written", written);
            }).chain(() -> handleUrgent(leading)); // a heartbeat the batch found not Online is a transition after all
        }
        int batch = config.schedulerBatchSize();
        Instant offlineNotBefore = startedAt.plus(config.gracePeriod());
        return flushed
                // Whether takeovers may be decided in this pass, before any deadline is fired.
                .chain(() -> pauses.evaluate().replaceWithVoid().onFailure().recoverWithItem(e -> {
                    LOG.warnf("The takeover gate could not be evaluated (the last verdict stands): %s", e.toString());
                    return null;
                }))
                // Only the leader fires deadlines. A full batch means more may be due; a stop ends the repetition
                // between two transactions.
                .chain(() -> !leading ? Uni.createFrom().item(0) : Multi.createBy().repeating()
                        .uni(() -> transitions.fireDue(batch, offlineNotBefore))
                        .whilst(handled -> handled >= batch && started == generation)
                        .collect().last())
                .chain(() -> takeoverMeters.refreshBlocked().onFailure().recoverWithNull())
                .invoke(passes::incrementAndGet)
                .replaceWithVoid();
    }

    /**
     * The heartbeats that must be handled now: the leader's one transaction each, a failed one (or one fenced off:
     * the lease was lost meanwhile) waits for the next run; another instance's recorded in one batch for the leader.
     */
    private Uni<Void> handleUrgent(boolean leading) {
        List<String> names = List.copyOf(tracker.drainUrgent());
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (!leading) {
            return sightings.record(names).replaceWithVoid().onFailure().recoverWithItem(e -> {
                LOG.warnf("%d heartbeats could not be recorded for the leader, retrying: %s", names.size(), e.toString());
                names.forEach(tracker::markUrgent);
                return null;
            });
        }
        return Multi.createFrom().iterable(names)
                .onItem().transformToUniAndConcatenate(name -> transitions.heartbeat(name)
                        .invoke(state -> {
                            if (state == null && tracker.latest(name).isPresent()) {
                                tracker.markUrgent(name); // fenced off: recorded as a sighting next pass
                            }
                        })
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("node=%s heartbeat could not be handled, retrying: %s", name, e.toString());
                            tracker.markUrgent(name);
                            return null;
                        }))
                .collect().last()
                .replaceWithVoid();
    }
}
