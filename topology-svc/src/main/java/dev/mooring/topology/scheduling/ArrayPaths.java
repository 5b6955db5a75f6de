package dev.mooring.topology.scheduling;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.PodArrayStatus;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.topology.scheduling.ArrayReach.ReachableArray;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The FlashArrays that answer now, each with its zone (pure.json's {@code topology.portworx.io/zone} label) and the
 * ActiveCluster pods online on it ({@code GET /pods}, as health-svc reads them). Read at most every few seconds; an
 * array that does not answer within the time bound counts as unreachable until the next read.
 */
@ApplicationScoped
public class ArrayPaths {

    private static final Logger LOG = Logger.getLogger(ArrayPaths.class);

    @Inject
    ArrayDirectory arrays;

    @Inject
    SchedulerExtenderConfig config;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    private record Snapshot(List<ReachableArray> arrays, Instant readAt) {
    }

    /** The reachable arrays (blocking: waits at most the array time bound when the last read is stale). */
    public synchronized List<ReachableArray> reachable() {
        Instant now = Instant.now();
        if (snapshot.readAt().plus(config.arrayPodsCacheTtl()).isAfter(now)) {
            return snapshot.arrays();
        }
        List<Uni<Optional<ReachableArray>>> reads = new ArrayList<>();
        for (RegisteredArray array : arrays.registered()) {
            arrays.client(array.name()).ifPresent(client -> reads.add(read(array, client)));
        }
        List<ReachableArray> reachable = reads.isEmpty() ? List.of()
                : Uni.join().all(reads).andCollectFailures().await().indefinitely().stream()
                .flatMap(Optional::stream).toList();
        snapshot = new Snapshot(reachable, now);
        return reachable;
    }

    private Uni<Optional<ReachableArray>> read(RegisteredArray array, FlashArrayClient client) {
        return client.pods().listAll()
                .ifNoItem().after(config.arrayTimeout()).fail()
                .map(pods -> Optional.of(new ReachableArray(array.name(), ArrayReach.zoneOf(array.labels()),
                        onlineOn(array.name(), pods))))
                .onFailure().recoverWithItem(error -> {
                    LOG.debugf("array=%s did not answer about its pods, so it serves no zone now: %s", array.name(),
                            error.toString());
                    return Optional.empty();
                });
    }

    private static Set<String> onlineOn(String arrayName, List<Pod> pods) {
        return pods.stream().filter(p -> !p.isDestroyed())
                .filter(p -> p.array(arrayName).map(PodArrayStatus::isOnline).orElse(false))
                .map(Pod::name).collect(Collectors.toSet());
    }
}
