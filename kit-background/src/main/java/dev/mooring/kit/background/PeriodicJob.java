package dev.mooring.kit.background;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Work that runs every {@code interval}, one run at a time, on a safe Vert.x context. A request to run while a
 * run is under way is kept, and the job runs once more right after (so a change that arrived mid-run is never
 * missed, and many requests make one extra run). A failed run is retried after a growing backoff, never later
 * than the interval. {@link #stop} cancels what is scheduled and lets a run under way finish.
 *
 * <p>Made by {@link BackgroundWork#periodic}, which starts it after startup and stops it at shutdown.
 */
public final class PeriodicJob {

    private static final Logger LOG = Logger.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration interval;
    private final Supplier<Uni<Void>> task;
    private final Backoff backoff;
    private final SafeContexts contexts;
    private final Vertx vertx;

    private final Object lock = new Object();
    private boolean running;
    private boolean again;
    private boolean started;
    private boolean stopped;
    private long timer = -1;
    private int failures;
    private long runs;
    private CountDownLatch idle;

    PeriodicJob(String name, Duration interval, Backoff backoff, Supplier<Uni<Void>> task, SafeContexts contexts,
                Vertx vertx) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("periodic job " + name + " needs a positive interval, got " + interval);
        }
        this.name = name;
        this.interval = interval;
        this.backoff = backoff;
        this.task = task;
        this.contexts = contexts;
        this.vertx = vertx;
    }

    public String name() {
        return name;
    }

    /** Starts the schedule with a first run at once. Idempotent. */
    public void start() {
        synchronized (lock) {
            if (started || stopped) {
                return;
            }
            started = true;
        }
        runSoon();
    }

    /** Runs now, or once more right after the run under way. */
    public void runSoon() {
        synchronized (lock) {
            if (stopped || !started) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            running = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        run();
    }

    /**
     * Runs {@code work} now as a run of this job — never beside another run of it — and completes with what it gave;
     * completes at once with nothing when a run is under way or the job is stopped. For a run on demand that must
     * report what it did (a REST "run now"); a scheduled run is not moved by it.
     */
    public <T> Uni<Optional<T>> runNow(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            synchronized (lock) {
                if (stopped || running) {
                    return Uni.createFrom().item(Optional.<T>empty());
                }
                running = true;
            }
            Uni<T> run;
            try {
                run = contexts.run(work);
            } catch (RuntimeException e) {
                run = Uni.createFrom().failure(e);
            }
            return run.onItemOrFailure().invoke((value, failure) -> finished(failure, false))
                    .map(Optional::ofNullable);
        });
    }

    /** Completed runs (tests wait on it). */
    public long runs() {
        synchronized (lock) {
            return runs;
        }
    }

    /** Cancels what is scheduled and waits up to {@code grace} for the run under way. */
    public void stop(Duration grace) {
        CountDownLatch wait;
        synchronized (lock) {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (!running) {
                return;
            }
            idle = new CountDownLatch(1);
            wait = idle;
        }
        try {
            if (!wait.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("job=%s still running %s after shutdown began", name, grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Uni<Void> work;
        try {
            work = contexts.run(task);
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(ok -> finished(null, true), failure -> finished(failure, true));
    }

    /** {@code scheduled}: a run of the schedule (which sets the next one), not a {@link #runNow} in between. */
    private void finished(Throwable failure, boolean scheduled) {
        boolean runAgain;
        synchronized (lock) {
            runs++;
            if (failure == null) {
                if (failures > 0) {
                    LOG.infof("job=%s succeeds again after %d failed runs", name, failures);
                }
                failures = 0;
            } else {
                failures++;
                LOG.warnf("job=%s run failed (%d in a row): %s", name, failures, failure.toString());
            }
            runAgain = again && !stopped;
            again = false;
            if (!runAgain) {
                running = false;
                if (stopped) {
                    if (idle != null) {
                        idle.countDown();
                    }
                    return;
                }
                if (!started || (!scheduled && timer >= 0)) {
                    return; // not scheduled yet, or the schedule's next run is already set
                }
                Duration next = failures == 0 ? interval : min(interval, backoff.after(failures));
                timer = vertx.setTimer(next.toMillis(), id -> {
                    synchronized (lock) {
                        timer = -1;
                    }
                    runSoon();
                });
            }
        }
        if (runAgain) {
            run();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
