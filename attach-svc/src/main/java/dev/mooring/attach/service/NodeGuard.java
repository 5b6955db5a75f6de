package dev.mooring.attach.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One thing at a time on a node's hosts, in this process: a fence, and each "check that it is still wanted, then
 * connect" of an attach, a drive, a repair or a recovery. A connection to a node's host is only made by work that
 * checked the database inside this guard, so it either finished before the fence started (the fence removes it) or
 * saw the fence recorded (and makes nothing). Work runs on the caller's Vert.x context, as Hibernate Reactive needs.
 */
@ApplicationScoped
public class NodeGuard {

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Runs the work once every earlier work on the node has ended. */
    public <T> Uni<T> exclusively(String node, Supplier<? extends Uni<? extends T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(node, mine);
            Context context = Vertx.currentContext();
            Executor back = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
            Uni<Void> turn = previous == null ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(previous).emitOn(back);
            return turn.chain(() -> work.get()).eventually(() -> {
                mine.complete(null);
                tails.remove(node, mine);
            });
        });
    }
}
