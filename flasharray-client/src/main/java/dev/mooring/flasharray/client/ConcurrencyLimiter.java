package dev.mooring.flasharray.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code max} requests in flight to one array; the rest wait in a FIFO queue (never rejected).
 * A permit is handed over to the next waiter on that waiter's own Vert.x context.
 */
final class ConcurrencyLimiter {

    private final int max;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int inUse;
    private int maxObserved;
    private long queuedTotal;

    ConcurrencyLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
        }
        this.max = max;
    }

    /** A held permit; {@link #release()} is idempotent. */
    final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                releaseOne();
            }
        }
    }

    private static final class Waiter {
        static final int WAITING = 0;
        static final int DELIVERED = 1;
        static final int CANCELLED = 2;
        final Context ctx;
        final io.smallrye.mutiny.subscription.UniEmitter<? super Permit> emitter;
        final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();

        Waiter(Context ctx, io.smallrye.mutiny.subscription.UniEmitter<? super Permit> emitter) {
            this.ctx = ctx;
            this.emitter = emitter;
        }
    }

    /** A permit, delivered on {@code ctx}; waits in the queue when all permits are taken. */
    Uni<Permit> acquire(Context ctx) {
        return Uni.createFrom().emitter(em -> {
            Waiter w = new Waiter(ctx, em);
            boolean granted;
            synchronized (this) {
                if (inUse < max) {
                    inUse++;
                    maxObserved = Math.max(maxObserved, inUse);
                    granted = true;
                } else {
                    queue.addLast(w);
                    queuedTotal++;
                    granted = false;
                }
            }
            em.onTermination(() -> {
                if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
                    synchronized (this) {
                        queue.remove(w);
                    }
                }
            });
            if (granted) {
                deliver(w, new Permit());
            }
        });
    }

    private void deliver(Waiter w, Permit p) {
        Contexts.run(w.ctx, () -> {
            if (w.state.compareAndSet(Waiter.WAITING, Waiter.DELIVERED)) {
                w.emitter.complete(p);
            } else {
                p.release(); // the waiter went away: pass the permit on
            }
        });
    }

    private void releaseOne() {
        Waiter next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                inUse--;
                return;
            }
            // The permit passes straight to the next waiter: inUse stays the same.
        }
        deliver(next, new Permit());
    }

    synchronized int inFlight() {
        return inUse;
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized int maxObserved() {
        return maxObserved;
    }

    synchronized long queuedTotal() {
        return queuedTotal;
    }

    int max() {
        return max;
    }
}
