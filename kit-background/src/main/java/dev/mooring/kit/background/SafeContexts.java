package dev.mooring.kit.background;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * Where background work runs. Hibernate Reactive needs a Vert.x duplicated context flagged safe — what a REST
 * call or a Kafka message has and a timer, an informer callback or a plain thread has not. Every loop, queue and
 * job of the kit runs its work through {@link #run}; code on a thread that may block uses {@link #await}; a
 * blocking call inside reactive work uses {@link #blocking}, which returns to the caller's context.
 */
@ApplicationScoped
public class SafeContexts {

    public static final String CORRELATION_ID = "correlationId";

    @Inject
    Vertx vertx;

    /** Runs {@code work} on a fresh safe duplicated context, with {@code correlationId} in the log context. */
    public <T> Uni<T> run(String correlationId, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                if (correlationId != null) {
                    MDC.put(CORRELATION_ID, correlationId);
                }
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }

    /** {@link #run} without a correlation id. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return run(null, work);
    }

    /**
     * Runs {@code work} on a safe context and waits for it. Only from a thread that may block (a worker, never an
     * event loop); failures are rethrown as they are when unchecked.
     */
    public <T> T await(Supplier<Uni<T>> work) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("await() would block an event loop; use run() and chain instead");
        }
        CompletableFuture<T> result = run(work).subscribeAsCompletionStage();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for background work", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * A blocking call (the Kubernetes client, a file) from reactive work: it runs on a worker thread and the Uni
     * resumes on the caller's Vert.x context, so the Hibernate Reactive work after it stays where it must be.
     */
    public <T> Uni<T> blocking(Callable<T> call) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(call, false).toCompletionStage());
    }
}
