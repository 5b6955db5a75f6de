package dev.mooring.provisioner.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link PoolCapacityChanged} the service fires, as the placement side would receive it. */
@ApplicationScoped
public class PoolCapacityObserver {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    void on(@ObservesAsync PoolCapacityChanged changed) {
        seen.add(changed.poolId());
    }

    /** How often this pool's capacity was announced. */
    public long count(String poolId) {
        return seen.stream().filter(poolId::equals).count();
    }
}
