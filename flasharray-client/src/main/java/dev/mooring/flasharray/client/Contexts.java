package dev.mooring.flasharray.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps every step of a call on the caller's Vert.x context (Hibernate Reactive needs its results
 * there), and provides Vert.x-timer delays.
 */
final class Contexts {

    private Contexts() {
    }

    /** The caller's context, or a fresh event-loop context when called from outside Vert.x. */
    static Context current(Vertx vertx) {
        Context c = Vertx.currentContext();
        return c != null && c.owner() == vertx ? c : vertx.getOrCreateContext();
    }

    /** Runs {@code r} on {@code ctx}: inline when already there, else scheduled. */
    static void run(Context ctx, Runnable r) {
        if (Vertx.currentContext() == ctx) {
            r.run();
        } else {
            ctx.runOnContext(v -> r.run());
        }
    }

    /** Subscribes to the supplied Uni on {@code ctx} and delivers its outcome on {@code ctx}. */
    static <T> Uni<T> on(Context ctx, Supplier<Uni<T>> supplier) {
        return Uni.createFrom().emitter(em -> {
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            AtomicBoolean done = new AtomicBoolean();
            em.onTermination(() -> {
                // Called on completion too: only a termination we did not cause is a cancellation.
                Cancellable c = upstream.get();
                if (c != null && done.compareAndSet(false, true)) {
                    c.cancel();
                }
            });
            run(ctx, () -> {
                Uni<T> uni;
                try {
                    uni = supplier.get();
                } catch (Throwable t) {
                    done.set(true);
                    em.fail(t);
                    return;
                }
                upstream.set(uni.subscribe().with(
                        item -> run(ctx, () -> {
                            done.set(true);
                            em.complete(item);
                        }),
                        failure -> run(ctx, () -> {
                            done.set(true);
                            em.fail(failure);
                        })));
            });
        });
    }

    /** Completes on {@code ctx} when the future completes. */
    static <T> Uni<T> fromFuture(CompletableFuture<T> future, Context ctx) {
        return Uni.createFrom().emitter(em -> future.whenComplete((v, e) -> run(ctx, () -> {
            if (e != null) {
                em.fail(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                em.complete(v);
            }
        })));
    }

    /** A delay on a Vert.x timer, completing on {@code ctx}. */
    static Uni<Void> delay(Vertx vertx, Context ctx, Duration d) {
        long ms = Math.max(1, d.toMillis());
        return Uni.createFrom().emitter(em -> {
            AtomicBoolean fired = new AtomicBoolean();
            long id = vertx.setTimer(ms, t -> run(ctx, () -> {
                fired.set(true);
                em.complete(null);
            }));
            em.onTermination(() -> {
                if (!fired.get()) {
                    vertx.cancelTimer(id);
                }
            });
        });
    }
}
