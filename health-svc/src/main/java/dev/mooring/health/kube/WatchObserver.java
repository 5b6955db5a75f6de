package dev.mooring.health.kube;

import dev.mooring.health.domain.TakeoverGate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * How one informer's view of the API server stands: whether its watch is connected (and since when not), and when
 * the API server last told it something — an event carrying a new resourceVersion or a completed (re)list. A resync
 * re-delivers objects from the informer's own cache, so it proves nothing about the API server and is not contact.
 */
final class WatchObserver {

    private final String watch;
    private final Clock clock;
    private final boolean expectsSteadyTraffic;
    private volatile SharedIndexInformer<? extends HasMetadata> informer;
    private volatile Instant lastContactAt;
    private volatile Instant disconnectedSince;
    private volatile String lastResourceVersion;

    WatchObserver(String watch, Clock clock, boolean expectsSteadyTraffic) {
        this.watch = watch;
        this.clock = clock;
        this.expectsSteadyTraffic = expectsSteadyTraffic;
        this.disconnectedSince = clock.instant(); // not yet listed
    }

    void follow(SharedIndexInformer<? extends HasMetadata> informer) {
        this.informer = informer;
    }

    /** An object delivered by the informer; counts as contact when it changed on the server. */
    void delivered(HasMetadata before, HasMetadata after) {
        String rv = after.getMetadata() == null ? null : after.getMetadata().getResourceVersion();
        String previous = before == null || before.getMetadata() == null ? null : before.getMetadata().getResourceVersion();
        if (before == null || !Objects.equals(rv, previous)) {
            lastContactAt = clock.instant();
        }
    }

    /** A list completed (the start, or a relist after a reconnect). */
    void listed() {
        lastContactAt = clock.instant();
    }

    /** The health now; a change of connection noticed here is timed now (the gate polls every scheduler pass). */
    TakeoverGate.WatchHealth health() {
        SharedIndexInformer<? extends HasMetadata> current = informer;
        boolean connected = current != null && current.isWatching();
        Instant now = clock.instant();
        if (connected) {
            if (disconnectedSince != null) {
                disconnectedSince = null;
                lastContactAt = now; // watching again means a list just succeeded
            }
        } else if (disconnectedSince == null) {
            disconnectedSince = now;
        }
        boolean steady = expectsSteadyTraffic && current != null && !current.getStore().list().isEmpty();
        return new TakeoverGate.WatchHealth(watch, connected, disconnectedSince, lastContactAt, steady);
    }
}
