package dev.mooring.provisioner.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Fires {@link PoolCapacityChanged} (asynchronously); callers call it only after their transaction committed. */
@ApplicationScoped
public class PoolCapacityNotices {

    private static final Logger LOG = Logger.getLogger(PoolCapacityNotices.class);

    @Inject
    Event<PoolCapacityChanged> event;

    public void fire(String poolId) {
        if (poolId == null) {
            return;
        }
        event.fireAsync(new PoolCapacityChanged(poolId)).exceptionally(error -> {
            LOG.warnf("pool=%s an observer of PoolCapacityChanged failed: %s", poolId, error.toString());
            return null;
        });
    }
}
