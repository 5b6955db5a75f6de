package dev.mooring.kit.jobs;

import dev.mooring.kit.deadletter.DeadLetters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import dev.mooring.kit.tracing.EventTraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * Durable work, recorded in the caller's transaction: {@link #enqueue} with the state change that makes the work
 * necessary (an event's inbox claim, a REST request), so the work exists exactly when that change committed. The
 * {@link JobRunner} runs it — one job of a key at a time, in order, on any instance of the service — and the
 * handler's final transaction calls {@link #finish}.
 */
@ApplicationScoped
public class Jobs implements DeadLetters.ReplayTarget {

    @Inject
    JobRunner runner;

    @Inject
    EventTraceContext tracing;

    /** Records a job in the ongoing transaction; it runs once the transaction committed. */
    public Uni<Void> enqueue(String kind, String key, Object payload) {
        return enqueue(kind, key, payload, Duration.ZERO);
    }

    /** Records a job that runs no earlier than {@code after} from now. */
    public Uni<Void> enqueue(String kind, String key, Object payload, Duration after) {
        return insert(kind, key, payload instanceof String text ? text : Job.toJson(payload),
                (String) MDC.get("correlationId"), after);
    }

    /**
     * Records a job unless the same one (kind, key and payload) is waiting already — not started yet, or waiting for
     * its retry — and tells whether it recorded one. For loops that ask for the same work again and again (a retry
     * pass every few seconds): asking while the work waits makes no second job, and the job's own backoff paces it.
     */
    public Uni<Boolean> enqueueUnlessWaiting(String kind, String key, Object payload) {
        runner.requireHandler(kind);
        String json = payload instanceof String text ? text : Job.toJson(payload);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO kit_jobs (kind, job_key, payload, correlation_id, trace_context)
                        SELECT :kind, :key, :payload, :correlationId, :traceContext
                        WHERE NOT EXISTS (SELECT 1 FROM kit_jobs WHERE kind = :kind AND job_key = :key
                            AND payload = :payload AND (locked_until IS NULL OR locked_until < now()))""")
                .setParameter("kind", kind)
                .setParameter("key", key)
                .setParameter("payload", json)
                .setParameter("correlationId", (String) MDC.get("correlationId"))
                .setParameter("traceContext", tracing.currentForRow())
                .executeUpdate()
                .map(inserted -> inserted > 0));
    }

    private Uni<Void> insert(String kind, String key, String payload, String correlationId, Duration after) {
        runner.requireHandler(kind);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO kit_jobs (kind, job_key, payload, correlation_id, trace_context, run_at)
                        VALUES (:kind, :key, :payload, :correlationId, :traceContext,
                            now() + make_interval(secs => :after))""")
                .setParameter("kind", kind)
                .setParameter("key", key)
                .setParameter("payload", payload)
                .setParameter("correlationId", correlationId)
                // The job's span continues the trace of what enqueued it (a request, an event's handling).
                .setParameter("traceContext", tracing.currentForRow())
                .setParameter("after", after.toMillis() / 1000.0)
                .executeUpdate()
                .replaceWithVoid());
    }

    /**
     * In the handler's final transaction: removes the job, so it is done exactly when its effect commits. Fails with
     * {@link JobLostException} — rolling the effect back — when this instance no longer holds the job.
     */
    public Uni<Void> finish(Job job) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM kit_jobs WHERE id = :id AND locked_by = :holder")
                .setParameter("id", job.id())
                .setParameter("holder", job.heldBy())
                .executeUpdate()
                .invoke(deleted -> {
                    if (deleted != 1) {
                        throw new JobLostException("Job " + job.id() + " (" + job.kind() + " " + job.key()
                                + ") is no longer held by " + job.heldBy() + "; its effect is not applied here");
                    }
                })
                .replaceWithVoid());
    }

    /**
     * A handler's final transaction: {@code effect} and {@link #finish} together, so the effect is applied exactly
     * when the job ends here (a job lost to another instance rolls its effect back). Completes with the effect's item.
     */
    public <T> Uni<T> finishWith(Job job, Supplier<Uni<T>> effect) {
        return Panache.withTransaction(() -> effect.get().call(() -> finish(job)));
    }

    /** Jobs waiting or running (for health figures and tests). */
    public Uni<Long> pending() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM kit_jobs", Long.class).getSingleResult()));
    }

    /** Pending jobs of one kind (tests, REST views). */
    public Uni<Long> pending(String kind) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM kit_jobs WHERE kind = :kind", Long.class)
                .setParameter("kind", kind).getSingleResult()));
    }

    /** Pending jobs of one kind for one key (tests, REST views). */
    public Uni<Long> pending(String kind, String key) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM kit_jobs WHERE kind = :kind AND job_key = :key", Long.class)
                .setParameter("kind", kind).setParameter("key", key).getSingleResult()));
    }

    /**
     * In the ongoing transaction: makes {@code key}'s waiting jobs due now — a job that waits for an array to come
     * back runs again at once, e.g. to notice that its volume is being deleted and let the deletion behind it go.
     */
    public Uni<Void> expedite(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE kit_jobs SET run_at = now() WHERE job_key = :key AND run_at > now() AND locked_by IS NULL")
                .setParameter("key", key).executeUpdate().replaceWithVoid());
    }

    @Override
    public Uni<Void> requeue(String kind, String key, String payload, String correlationId) {
        return insert(kind, key, payload, correlationId, Duration.ZERO);
    }
}
