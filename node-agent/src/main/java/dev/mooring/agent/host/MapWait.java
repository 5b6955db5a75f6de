package dev.mooring.agent.host;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits, polling, for a multipath map with enough active paths; both host implementations wait this way. */
final class MapWait {

    private MapWait() {
    }

    /**
     * Polls {@code map} until it shows at least {@code expectedPaths} active paths or {@code timeout} passes; then
     * returns the map as it is (degraded, if so), or fails naming the WWID when there is none at all.
     */
    static DeviceMap await(String wwid, Supplier<Optional<DeviceMap>> map, int expectedPaths, Duration timeout,
                           Duration pollInterval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<DeviceMap> current = map.get();
        while (current.isEmpty() || current.get().activePaths() < expectedPaths) {
            if (System.nanoTime() > deadline) {
                return current.orElseThrow(() -> new HostException("multipath map " + wwid
                        + " did not appear within " + timeout));
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException("interrupted while waiting for the multipath map " + wwid, e);
            }
            current = map.get();
        }
        return current.get();
    }
}
