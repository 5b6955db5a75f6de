package dev.mooring.flasharray.sim.domain;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Destroyed volumes and pods waiting for their eradication delay. Nothing runs on a timer: {@link #sweep}
 * eradicates what is due whenever the fleet is touched. Callers hold the {@link SimulatedFleet} lock.
 */
final class Eradication {
    private final Inventory inventory;
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((x, y) -> Long.compare(x.at, y.at));

    /** {@code destroyedAt} tells a stale entry (the object was recovered and destroyed again) from a live one. */
    private record Expiry(long at, Object target, long destroyedAt) {
    }

    Eradication(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Queues a volume or pod destroyed at {@code destroyedAt} for eradication once the delay has passed. */
    void schedule(Object target, long destroyedAt) {
        expiries.add(new Expiry(destroyedAt + inventory.config.eradicationDelay().toMillis(), target, destroyedAt));
    }

    /** Milliseconds until eradication for an object destroyed at {@code destroyedAt}. */
    long timeRemaining(long destroyedAt) {
        return Math.max(0, destroyedAt + inventory.config.eradicationDelay().toMillis() - inventory.now());
    }

    /** Eradicates what is due and still destroyed since the same instant. Cheap when nothing is due. */
    void sweep(Consumer<Volume> removeVolume, Consumer<Pod> removePod) {
        if (expiries.isEmpty()) {
            return;
        }
        long now = inventory.now();
        while (!expiries.isEmpty() && expiries.peek().at <= now) {
            Expiry e = expiries.poll();
            if (e.target instanceof Volume v) {
                if (v.destroyed && v.destroyedAt == e.destroyedAt && inventory.volumesById.get(v.id) == v) {
                    removeVolume.accept(v);
                }
            } else if (e.target instanceof Pod p) {
                if (p.destroyed && p.destroyedAt == e.destroyedAt && inventory.allPods.contains(p)) {
                    removePod.accept(p);
                }
            }
        }
    }
}
