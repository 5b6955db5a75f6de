package dev.mooring.kit.background;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A controller work queue: keys to reconcile, not events to replay. A key added while it waits is merged with
 * itself; a key added while it is being handled is handled once more afterwards (the handler reads the latest
 * state, so one more pass covers every change in between); one key is never handled twice at the same time; a
 * failed key comes back after a backoff of its own. Handlers run on a safe Vert.x context (see
 * {@link SafeContexts}), at most {@code concurrency} at once. {@link #stop} takes no new work and lets the
 * handlers under way finish their transactions.
 *
 * <p>Made by {@link BackgroundWork#queue}, which stops it at shutdown.
 */
public final class WorkQueue<K> {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class);

    private final String name;
    private final int concurrency;
    private final Backoff backoff;
    private final Function<K, Uni<Void>> handler;
    private final SafeContexts contexts;
    private final Vertx vertx;

    private final Object lock = new Object();
    private final LinkedHashSet<K> waiting = new LinkedHashSet<>();
    private final Set<K> handling = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final Map<K, Long> delayed = new HashMap<>();
    private boolean stopped;
    private CountDownLatch drained;

    WorkQueue(String name, int concurrency, Backoff backoff, Function<K, Uni<Void>> handler, SafeContexts contexts,
              Vertx vertx) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("work queue " + name + " needs concurrency >= 1");
        }
        this.name = name;
        this.concurrency = concurrency;
        this.backoff = backoff;
        this.handler = handler;
        this.contexts = contexts;
        this.vertx = vertx;
    }

    public String name() {
        return name;
    }

    /** Asks for {@code key} to be handled; merged with a pending request for the same key. */
    public void add(K key) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            cancelDelayed(key);
            if (handling.contains(key)) {
                dirty.add(key);
            } else {
                waiting.add(key);
            }
        }
        dispatch();
    }

    /** Asks for {@code key} after {@code delay}; an earlier request for it (now or delayed) wins. */
    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        synchronized (lock) {
            if (stopped || waiting.contains(key) || delayed.containsKey(key)) {
                return;
            }
            long timer = vertx.setTimer(delay.toMillis(), id -> {
                synchronized (lock) {
                    if (!Long.valueOf(id).equals(delayed.get(key))) {
                        return;
                    }
                    delayed.remove(key);
                }
                add(key);
            });
            delayed.put(key, timer);
        }
    }

    /** Keys waiting or being handled (a gauge, and for tests). */
    public int depth() {
        synchronized (lock) {
            return waiting.size() + handling.size() + delayed.size();
        }
    }

    /** Takes no new work and waits up to {@code grace} for the handlers under way; never interrupts them. */
    public void stop(Duration grace) {
        CountDownLatch wait;
        synchronized (lock) {
            stopped = true;
            waiting.clear();
            dirty.clear();
            delayed.values().forEach(vertx::cancelTimer);
            delayed.clear();
            if (handling.isEmpty()) {
                return;
            }
            drained = new CountDownLatch(1);
            wait = drained;
        }
        try {
            if (!wait.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("work=%s %d keys still in progress after %s at shutdown", name, handling.size(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cancelDelayed(K key) {
        Long timer = delayed.remove(key);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void dispatch() {
        while (true) {
            K next;
            synchronized (lock) {
                if (stopped || handling.size() >= concurrency || waiting.isEmpty()) {
                    return;
                }
                Iterator<K> first = waiting.iterator();
                next = first.next();
                first.remove();
                handling.add(next);
            }
            handle(next);
        }
    }

    private void handle(K key) {
        Uni<Void> work;
        try {
            work = contexts.run(() -> handler.apply(key));
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(ok -> finished(key, null), failure -> finished(key, failure));
    }

    private void finished(K key, Throwable failure) {
        Duration retryIn = null;
        synchronized (lock) {
            handling.remove(key);
            if (failure == null) {
                failures.remove(key);
            } else {
                int count = failures.merge(key, 1, Integer::sum);
                retryIn = backoff.after(count);
                LOG.warnf("work=%s key=%s failed (%d in a row), again in %d ms: %s", name, key, count,
                        retryIn.toMillis(), failure.toString());
            }
            if (dirty.remove(key) && !stopped) {
                waiting.add(key);
                retryIn = null; // a newer change arrived: handle it now
            }
            if (stopped && handling.isEmpty() && drained != null) {
                drained.countDown();
            }
        }
        if (retryIn != null) {
            addAfter(key, retryIn);
        }
        dispatch();
    }
}
