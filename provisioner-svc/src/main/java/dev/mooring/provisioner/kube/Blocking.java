package dev.mooring.provisioner.kube;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs a blocking call (the fabric8 client blocks) off the event loop and continues on the caller's Vert.x
 * context, where Hibernate Reactive needs the rest of the chain to run.
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Uni<T> call(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }
}
