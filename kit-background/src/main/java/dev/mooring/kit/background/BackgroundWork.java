package dev.mooring.kit.background;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place a service gets background work from: {@link #queue} for watchers and controllers (merging keys),
 * {@link #periodic} for single-flight periodic jobs. Everything made here starts after the application has
 * started and stops at shutdown — before the database pool closes — letting the transaction under way finish.
 */
@ApplicationScoped
public class BackgroundWork {

    @Inject
    SafeContexts contexts;

    @Inject
    Vertx vertx;

    /** How long shutdown waits for work under way, per queue or job. */
    @ConfigProperty(name = "mooring.background.stop-grace", defaultValue = "10s")
    Duration stopGrace;

    /** Retry of a failed key or run: first wait. */
    @ConfigProperty(name = "mooring.background.retry.initial", defaultValue = "500ms")
    Duration retryInitial;

    /** Retry of a failed key or run: longest wait. */
    @ConfigProperty(name = "mooring.background.retry.max", defaultValue = "1m")
    Duration retryMax;

    private final List<WorkQueue<?>> queues = Collections.synchronizedList(new ArrayList<>());
    private final List<PeriodicJob> jobs = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean started;

    /** A work queue handling at most {@code concurrency} keys at once with the default retry backoff. */
    public <K> WorkQueue<K> queue(String name, int concurrency, Function<K, Uni<Void>> handler) {
        return queue(name, concurrency, new Backoff(retryInitial, retryMax), handler);
    }

    public <K> WorkQueue<K> queue(String name, int concurrency, Backoff backoff, Function<K, Uni<Void>> handler) {
        WorkQueue<K> queue = new WorkQueue<>(name, concurrency, backoff, handler, contexts, vertx);
        queues.add(queue);
        return queue;
    }

    /** A periodic job; started with the application (or at once when the application runs already). */
    public PeriodicJob periodic(String name, Duration interval, Supplier<Uni<Void>> task) {
        return periodic(name, interval, new Backoff(retryInitial, retryMax), task);
    }

    /** A periodic job whose failed runs are retried after {@code backoff} (never later than the interval). */
    public PeriodicJob periodic(String name, Duration interval, Backoff backoff, Supplier<Uni<Void>> task) {
        PeriodicJob job = new PeriodicJob(name, interval, backoff, task, contexts, vertx);
        jobs.add(job);
        if (started) {
            job.start();
        }
        return job;
    }

    /** After every service's own startup observers, so what they prepare is there before the first run. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 900) StartupEvent event) {
        started = true;
        List.copyOf(jobs).forEach(PeriodicJob::start);
    }

    /** Early in shutdown, while the database and the broker are still there. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopAll();
    }

    /** Stops every job and queue (jobs first: they feed queues). */
    public void stopAll() {
        List<PeriodicJob> stoppingJobs = List.copyOf(jobs);
        stoppingJobs.forEach(job -> job.stop(stopGrace));
        List<WorkQueue<?>> stoppingQueues = List.copyOf(queues);
        stoppingQueues.forEach(queue -> queue.stop(stopGrace));
    }
}
