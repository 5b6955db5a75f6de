package dev.mooring.devstack.chaos;

import java.time.Duration;

/** A pause of the chaos run's own threads (pacing and polling, not waiting for a condition in a test). */
final class Pause {

    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
