package dev.mooring.agent.service;

import dev.mooring.agent.domain.CsiError;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One operation at a time per volume: a second call while one is in flight is refused with ABORTED, as the CSI
 * specification asks ("operation pending for volume"); the kubelet retries it later.
 */
public final class VolumeLocks {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Holds the volume until the returned handle is closed; refuses at once if it is held. */
    public Held acquire(String volumeId, String operation) {
        if (!busy.add(volumeId)) {
            throw CsiError.aborted("an operation on volume " + volumeId + " is already in progress; " + operation
                    + " refused, retry later");
        }
        return () -> busy.remove(volumeId);
    }

    /** A held volume. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
