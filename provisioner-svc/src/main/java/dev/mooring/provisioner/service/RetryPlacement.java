package dev.mooring.provisioner.service;

import dev.mooring.provisioner.config.PlacementConfig;
import dev.mooring.provisioner.domain.placement.Placement;
import dev.mooring.provisioner.repository.PoolPlacementRepository;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Volumes whose replicas could not be placed are placed again when capacity appears: at once when a pool
 * gains capacity ({@link PoolCapacityChanged}: a pool came online on a new storage node, expanded, or moved),
 * and every {@code mooring.provisioner.placement.retry-interval} as a safety net. Requests that arrive while a
 * round runs are folded into one more round.
 */
@ApplicationScoped
public class RetryPlacement {

    private static final Logger LOG = Logger.getLogger(RetryPlacement.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    PlacePoolVolume placement;

    @Inject
    PoolPlacementRepository pools;

    @Inject
    PlacementConfig config;

    @Inject
    BackgroundWork background;

    /** Why the next round runs (for its log line): a pool that gained capacity, or the interval. */
    private final AtomicReference<String> wanted = new AtomicReference<>();
    private PeriodicJob retry;

    void onStart(@Observes StartupEvent event) {
        // Single flight: a request while a round runs makes one more round right after it.
        retry = background.periodic("retry-placement", config.retryInterval(), () -> {
            String why = wanted.getAndSet(null);
            return retryAll(why == null ? "periodic retry" : why).replaceWithVoid();
        });
    }

    void onCapacity(@ObservesAsync PoolCapacityChanged event) {
        retrySoon("pool " + event.poolId() + " gained capacity");
    }

    /** Tries every volume that failed placement, soon. */
    public void retrySoon(String why) {
        wanted.set(why);
        if (retry != null) {
            retry.runSoon();
        }
    }

    /** One round, volume by volume (each in its own transaction); completes with how many were placed. */
    Uni<Integer> retryAll(String why) {
        // Under the placement lock, a placement still running (which may have read the pools before the new
        // capacity) has committed its failure before the list is read: it is in the list, not missed.
        return Panache.withTransaction(() -> pools.lockPlacement()
                        .chain(() -> volumes.failedWith(Placement.IMPOSSIBLE)))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0) : placeEach(ids, why));
    }

    private Uni<Integer> placeEach(List<UUID> ids, String why) {
        LOG.debugf("placing %d volume(s) again: %s", ids.size(), why);
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> placement.retry(id, why)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("volume=%s placing again failed: %s", id, failure.toString());
                            return Boolean.FALSE;
                        }))
                .collect().asList()
                .map(RetryPlacement::placedCount)
                .invoke(placed -> {
                    if (placed > 0) {
                        LOG.infof("%d of %d volume(s) placed on retry (%s)", placed, ids.size(), why);
                    }
                });
    }

    private static int placedCount(List<Boolean> results) {
        return (int) results.stream().filter(Boolean.TRUE::equals).count();
    }
}
