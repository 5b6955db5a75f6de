package dev.mooring.flasharray.sim.admin;

import io.vertx.core.Future;

/** Starts and stops the HTTPS listener of a simulated array (implemented by the simulator). */
public interface ArrayListeners {
    Future<Void> stop(String array);

    Future<Void> start(String array);

    int port(String array);
}
