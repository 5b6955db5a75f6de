package dev.mooring.health.service;

import dev.mooring.health.domain.TakeoverGate;
import java.util.Optional;

/** A watcher of the API server that can tell how its view stands (the Lease and the Node watchers). */
public interface WatchHealthSource {

    /** The view now; empty when this watch is not run (Kubernetes not followed). */
    Optional<TakeoverGate.WatchHealth> health();
}
