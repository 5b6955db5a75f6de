package dev.mooring.health.service;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.PodArrayStatus;
import dev.mooring.health.domain.PodArrayView;
import dev.mooring.health.domain.PodStatusResolution;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.background.BackgroundWork;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * ActiveCluster health: every poll interval (a periodic job of the kit), lists the pods of every registered array
 * ({@code GET /pods}), keeps the stretched ones, resolves one status per pod and member array
 * ({@link PodStatusResolution}) and has {@link RecordPodStatuses} announce the changes. An array that does not answer
 * simply has no view this round; its status then comes from its peer, or is {@code unknown}.
 */
@ApplicationScoped
public class PodHealthPoller {

    private static final Logger LOG = Logger.getLogger(PodHealthPoller.class);

    @Inject
    ArrayDirectory arrays;

    @Inject
    RecordPodStatuses recorder;

    @Inject
    HealthConfig config;

    @Inject
    BackgroundWork background;

    private final AtomicLong polls = new AtomicLong();

    void onStart(@Observes StartupEvent event) {
        if (!config.podPollEnabled()) {
            return;
        }
        background.periodic("pod-health", config.podPollInterval(),
                () -> poll().invoke(polls::incrementAndGet).replaceWithVoid());
        LOG.infof("Polling stretched pods on every registered array every %s", config.podPollInterval());
    }

    /** Completed polls since start (tests wait on it). */
    public long polls() {
        return polls.get();
    }

    /** One poll: read, resolve, record. */
    public Uni<Integer> poll() {
        List<Uni<List<PodArrayView>>> reads = new ArrayList<>();
        for (RegisteredArray array : arrays.registered()) {
            arrays.client(array.name()).ifPresent(client -> reads.add(read(array.name(), client)));
        }
        Uni<List<List<PodArrayView>>> all = reads.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(reads).andFailFast();
        return all.chain(perArray -> recorder.knownMembers().chain(known -> {
            List<PodArrayView> views = perArray.stream().flatMap(List::stream).toList();
            if (views.isEmpty() && known.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<PodArrayStatus> statuses = PodStatusResolution.resolve(views, known);
            return recorder.record(statuses);
        }));
    }

    private Uni<List<PodArrayView>> read(String arrayName, FlashArrayClient client) {
        Duration limit = config.podPollInterval().multipliedBy(2).compareTo(Duration.ofSeconds(2)) < 0
                ? Duration.ofSeconds(2) : config.podPollInterval().multipliedBy(2);
        return client.pods().listAll()
                .ifNoItem().after(limit).fail()
                .map(pods -> pods.stream().filter(p -> !p.isDestroyed() && p.isStretched())
                        .map(p -> view(arrayName, p)).toList())
                .onFailure().recoverWithItem(error -> {
                    LOG.debugf("array=%s did not answer about its pods: %s", arrayName, error.toString());
                    return List.of();
                });
    }

    private PodArrayView view(String reporter, Pod pod) {
        recorder.mediatorOf(pod.name(), pod.mediator());
        return new PodArrayView(reporter, pod.name(), pod.arrays().stream()
                .map(a -> new PodArrayView.Member(a.name(), a.status(), a.mediatorStatus(), a.progress()))
                .toList());
    }
}
