package dev.mooring.kit.intake;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Many keys at once, one at a time per key: work of one key runs in the order it was admitted, work of different
 * keys runs side by side, at most {@code limit} pieces admitted and unfinished in all. {@link #admit} completes as
 * soon as there is room — which is how the consumer is slowed down when work piles up.
 */
final class KeyedLanes {

    private record Pending(String key, Supplier<Uni<Void>> work, UniEmitter<? super Void> admitted) {
    }

    private final int limit;
    private final Map<String, Deque<Supplier<Uni<Void>>>> lanes = new HashMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private int admitted;

    KeyedLanes(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("in-flight limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Admits {@code work} for {@code key}; the Uni completes when it is admitted (not when it is done). */
    Uni<Void> admit(String key, Supplier<Uni<Void>> work) {
        return Uni.createFrom().emitter(emitter -> {
            boolean start;
            synchronized (this) {
                if (admitted >= limit) {
                    waiting.add(new Pending(key, work, emitter));
                    return;
                }
                start = enqueue(key, work);
            }
            emitter.complete(null);
            if (start) {
                run(key, work);
            }
        });
    }

    /** Pieces admitted and not finished. */
    synchronized int inFlight() {
        return admitted;
    }

    /** Under the lock: counts the work in and tells whether its lane was idle (so it starts now). */
    private boolean enqueue(String key, Supplier<Uni<Void>> work) {
        admitted++;
        Deque<Supplier<Uni<Void>>> lane = lanes.get(key);
        if (lane == null) {
            lanes.put(key, new ArrayDeque<>());
            return true;
        }
        lane.add(work);
        return false;
    }

    private void run(String key, Supplier<Uni<Void>> work) {
        Uni<Void> uni;
        try {
            uni = work.get();
        } catch (RuntimeException e) {
            uni = Uni.createFrom().failure(e);
        }
        uni.subscribe().with(ok -> finished(key), failure -> finished(key));
    }

    private void finished(String key) {
        Supplier<Uni<Void>> next;
        Pending promoted = null;
        boolean startPromoted = false;
        synchronized (this) {
            admitted--;
            Deque<Supplier<Uni<Void>>> lane = lanes.get(key);
            next = lane == null ? null : lane.poll();
            if (next == null) {
                lanes.remove(key);
            }
            if (!waiting.isEmpty() && admitted < limit) {
                promoted = waiting.poll();
                startPromoted = enqueue(promoted.key(), promoted.work());
            }
        }
        if (promoted != null) {
            promoted.admitted().complete(null);
            if (startPromoted) {
                run(promoted.key(), promoted.work());
            }
        }
        if (next != null) {
            run(key, next);
        }
    }
}
