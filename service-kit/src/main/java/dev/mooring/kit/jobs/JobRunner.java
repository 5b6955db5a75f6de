package dev.mooring.kit.jobs;

import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.db.Notifications;
import dev.mooring.kit.deadletter.DeadLetter;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.kit.deadletter.Failures;
import dev.mooring.kit.tracing.EventTraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the service's {@link Job}s: claims due jobs — only the oldest of each key, so one key's jobs run in order
 * and never two at once — with a lease ({@code FOR UPDATE SKIP LOCKED}, so several instances share the work),
 * renews the leases of running jobs, and runs each on a safe context of its own. Woken at once by the commit of a
 * new job (NOTIFY), and by a poll for jobs that are due later. A failure is retried with backoff; a poison failure,
 * or one that repeats the same way {@code mooring.jobs.max-same-failures} times, dead-letters the job.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final String CHANNEL = "mooring_jobs";

    @Inject
    Pool pool;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    @Inject
    Notifications notifications;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Jobs jobs;

    @Inject
    Instance<JobHandler> handlerBeans;

    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    @Inject
    JobsConfig config;

    @Inject
    EventTraceContext tracing;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String service;

    private final Map<String, JobHandler> handlers = new HashMap<>();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private String instance;
    private PeriodicJob claimer;
    private long renewTimer = -1;
    private volatile boolean stopping;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        for (JobHandler handler : handlerBeans) {
            JobHandler previous = handlers.put(handler.kind(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two job handlers for kind " + handler.kind() + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        instance = config.instanceId().orElse(service) + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        if (!config.enabled()) {
            LOG.info("Job runner disabled by configuration");
            return;
        }
        claimer = background.periodic("job-runner", config.pollInterval(), this::claimAndStart);
        notifications.onNotify(CHANNEL, this::wake);
        long renewEvery = Math.max(100, config.lease().toMillis() / 3);
        renewTimer = vertx.setPeriodic(renewEvery, id -> renewLeases());
        metrics.gauge("mooring.jobs.running", running, Set::size);
    }

    /** Runs the claim now (new jobs committed, or a job finished and its key's next may be due). */
    public void wake() {
        if (claimer != null && !stopping) {
            claimer.runSoon();
        }
    }

    /** The instance id leases are taken under (one per process). */
    public String instance() {
        return instance;
    }

    void requireHandler(String kind) {
        if (!handlers.isEmpty() && !handlers.containsKey(kind)) {
            throw new IllegalArgumentException("No job handler for kind '" + kind + "'; known: " + handlers.keySet());
        }
    }

    /** Stops claiming and waits (bounded) for running jobs; their leases then run out for another instance. */
    void stop(Duration grace) {
        stopping = true;
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("%d jobs still running at shutdown; their leases run out and they run again", running.size());
                    return;
                }
                try {
                    running.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** At shutdown, before the database goes: no new job starts; those running finish their transactions. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) io.quarkus.runtime.ShutdownEvent event) {
        stop(config.stopGrace());
    }

    private Uni<Void> claimAndStart() {
        int room = config.concurrency() - running.size();
        if (stopping || room <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        UPDATE kit_jobs j SET locked_by = $1, locked_until = now() + make_interval(secs => $2),
                            attempts = j.attempts + 1
                        WHERE j.id IN (
                            SELECT k.id FROM kit_jobs k
                            WHERE k.run_at <= now() AND (k.locked_until IS NULL OR k.locked_until < now())
                              AND NOT EXISTS (SELECT 1 FROM kit_jobs e WHERE e.job_key = k.job_key AND e.id < k.id)
                            ORDER BY k.run_at, k.id LIMIT $3 FOR UPDATE OF k SKIP LOCKED)
                        RETURNING j.id, j.kind, j.job_key, j.payload, j.correlation_id, j.attempts, j.last_error,
                            j.failure_streak, j.trace_context, extract(epoch from (now() - j.run_at)) AS waited""")
                .execute(Tuple.of(instance, config.lease().toMillis() / 1000.0, room)))
                .map(rows -> {
                    List<Job> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Job(row.getLong("id"), row.getString("kind"), row.getString("job_key"),
                                row.getString("payload"), row.getString("correlation_id"), row.getInteger("attempts"),
                                instance, row.getString("last_error"), row.getInteger("failure_streak"),
                                row.getString("trace_context")));
                        // From due to claimed: how long work waits for a runner.
                        metrics.timer("mooring.jobs.wait", "kind", row.getString("kind")).record(
                                Duration.ofMillis(Math.max(0, Math.round(row.getNumeric("waited").doubleValue() * 1000))));
                    }
                    return claimed;
                })
                .invoke(claimed -> claimed.forEach(this::start))
                .replaceWithVoid();
    }

    private void start(Job job) {
        running.add(job.id());
        long started = System.nanoTime();
        JobHandler handler = handlers.get(job.kind());
        Uni<JobOutcome> work = handler == null
                ? Uni.createFrom().failure(new IllegalArgumentException("No handler for job kind '" + job.kind()
                        + "' in " + service + " (known: " + handlers.keySet() + ")"))
                : contexts.run(job.correlationId(), () -> tracing.runningJob(job.kind(), job.id(), job.attempts(),
                        job.traceContext(), () -> handler.run(job)));
        work.onItemOrFailure().transformToUni((outcome, failure) -> contexts.run(job.correlationId(),
                        () -> settle(job, outcome, failure)))
                .onFailure().invoke(e -> LOG.warnf("job=%d kind=%s key=%s could not be settled (its lease runs out and it"
                        + " runs again): %s", job.id(), job.kind(), job.key(), e.toString()))
                .onTermination().invoke(() -> {
                    metrics.timer("mooring.jobs.run", "kind", job.kind()).record(Duration.ofNanos(System.nanoTime() - started));
                    synchronized (running) {
                        running.remove(job.id());
                        running.notifyAll();
                    }
                    wake();
                })
                .subscribe().with(ok -> { }, e -> { });
    }

    private Uni<Void> settle(Job job, JobOutcome outcome, Throwable failure) {
        if (failure instanceof JobLostException) {
            LOG.infof("job=%d kind=%s key=%s was taken over elsewhere: %s", job.id(), job.kind(), job.key(),
                    failure.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (failure != null) {
            return failed(job, failure);
        }
        metrics.counter("mooring.jobs.runs", "kind", job.kind(), "outcome",
                outcome instanceof JobOutcome.Done ? "done" : "again").increment();
        if (outcome instanceof JobOutcome.RunAgain again) {
            return release(job, again.after(), again.reason(), 0);
        }
        // Done: the handler normally finished the job in its own transaction; this removes it if it did not.
        return pool.preparedQuery("DELETE FROM kit_jobs WHERE id = $1 AND locked_by = $2")
                .execute(Tuple.of(job.id(), instance)).replaceWithVoid();
    }

    private Uni<Void> failed(Job job, Throwable failure) {
        String reason = Failures.describe(failure);
        int sameInARow = reason.equals(job.lastError()) ? job.failureStreak() + 1 : 1;
        metrics.counter("mooring.jobs.runs", "kind", job.kind(), "outcome", "failed").increment();
        if (Failures.isPoison(failure) || sameInARow >= config.maxSameFailures()) {
            String why = Failures.isPoison(failure) ? reason
                    : "failed the same way " + sameInARow + " times: " + reason;
            return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                    "DELETE FROM kit_jobs WHERE id = :id AND locked_by = :holder")
                            .setParameter("id", job.id()).setParameter("holder", instance).executeUpdate())
                    .chain(deleted -> deleted == 0 ? Uni.createFrom().voidItem()
                            : deadLetters.record(new DeadLetter(DeadLetter.JOB_PREFIX + job.kind(), "", null, null,
                                    job.key(), null, job.kind(), job.correlationId(), why, job.attempts(),
                                    job.payload().getBytes(StandardCharsets.UTF_8))).replaceWithVoid()));
        }
        Duration wait = new Backoff(config.retry().initial(), config.retry().max()).after(job.attempts());
        LOG.warnf("job=%d kind=%s key=%s failed (attempt %d), again in %d ms: %s", job.id(), job.kind(), job.key(),
                job.attempts(), wait.toMillis(), reason);
        return release(job, wait, reason, sameInARow);
    }

    /** Back to the queue: due after {@code after}; {@code streak} consecutive failures with {@code reason}. */
    private Uni<Void> release(Job job, Duration after, String reason, int streak) {
        return pool.preparedQuery("""
                        UPDATE kit_jobs SET locked_by = NULL, locked_until = NULL, last_error = $3, failure_streak = $5,
                            run_at = now() + make_interval(secs => $4)
                        WHERE id = $1 AND locked_by = $2""")
                .execute(Tuple.of(job.id(), instance, reason, after.toMillis() / 1000.0, streak))
                .replaceWithVoid();
    }

    private void renewLeases() {
        if (running.isEmpty()) {
            return;
        }
        Long[] ids = running.toArray(Long[]::new);
        pool.preparedQuery("UPDATE kit_jobs SET locked_until = now() + make_interval(secs => $3)"
                        + " WHERE id = ANY($1) AND locked_by = $2")
                .execute(Tuple.of(ids, instance, config.lease().toMillis() / 1000.0))
                .subscribe().with(ok -> { }, e -> LOG.warnf("Could not renew the leases of %d running jobs: %s",
                        ids.length, e.toString()));
    }
}
