package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayBadRequestException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.PodArrayStatus;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ActiveCluster failover sequence as a service sees it through the client: the replication link is cut,
 * the Mediator race leaves the preferred array serving and the other offline; the link comes back, the loser
 * resyncs with rising progress and comes back online.
 */
class ActiveClusterIT extends SimulatorSupport {

    private static final Duration RESYNC = Duration.ofSeconds(3);

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod().withResyncDuration(RESYNC));
    }

    private static PodArrayStatus status(FlashArrayClient viewer, String array) {
        Pod pod = await(viewer.pods().get("pod1"));
        return pod.array(array).orElseThrow();
    }

    @Test
    void linkCutFailoverAndResync() {
        FlashArrayClient a = client(A);
        FlashArrayClient b = client(B);
        assertThat(await(a.pods().get("pod1")).isHealthy()).isTrue();

        sim.admin().cutLink(A, B);
        try {
            // the winner (failover preference array-a) keeps serving
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(status(a, A).status()).isEqualTo(PodArrayStatus.ONLINE);
                assertThat(status(a, B).status()).isEqualTo(PodArrayStatus.OFFLINE);
            });
            assertThat(status(a, B).frozenAt()).isNotNull();
            // the loser is offline and cannot see its peer
            PodArrayStatus loserSelf = status(b, B);
            assertThat(loserSelf.status()).isEqualTo(PodArrayStatus.OFFLINE);
            assertThat(status(b, A).status()).isEqualTo(PodArrayStatus.UNKNOWN);

            // the loser refuses a volume in the pod; the array said no: final, not "may have happened"
            String name = unique("pvc");
            FlashArrayException refused = failure(b.volumes().create(VolumeCreate.of(name, 1L << 30).inPod("pod1")));
            assertThat(refused).isInstanceOf(FlashArrayBadRequestException.class);
            assertThat(refused.outcome()).isEqualTo(Outcome.FINAL);
            assertThat(refused.arrayMessage().orElseThrow()).contains("offline");
            assertThat(refused.arrayContext()).hasValue("pod1");

            // the winner serves
            Volume v = await(a.volumes().create(VolumeCreate.of(name, 1L << 30).inPod("pod1")));
            assertThat(v.name()).isEqualTo("pod1::" + name);
        } finally {
            sim.admin().restoreLink(A, B);
        }

        // the loser resyncs, progress rising, then is back online
        List<Double> progress = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            PodArrayStatus s = status(a, B);
            if (PodArrayStatus.RESYNCING.equals(s.status())) {
                assertThat(s.progress()).isBetween(0.0, 1.0);
                progress.add(s.progress());
            }
            return s.isOnline();
        });
        assertThat(progress).as("resync progress samples").hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress).isSorted();
        assertThat(progress.get(progress.size() - 1)).isGreaterThan(progress.get(0));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            assertThat(await(b.pods().get("pod1")).isHealthy()).isTrue();
            assertThat(await(a.pods().get("pod1")).isHealthy()).isTrue();
        });
        assertThat(status(b, B).frozenAt()).isNull();
        // and the loser serves again
        assertThat(await(b.volumes().create(VolumeCreate.of(unique("pvc"), 1L << 30).inPod("pod1"))).podName())
                .isEqualTo("pod1");
    }

    @Test
    void mediatorUnreachableFromThePreferredArrayLetsTheOtherWin() {
        FlashArrayClient a = client(A);
        FlashArrayClient b = client(B);
        sim.admin().mediatorUnreachable(A);
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() ->
                    assertThat(status(b, A).mediatorStatus()).isEqualTo("unreachable"));
            assertThat(status(b, B).mediatorStatus()).isEqualTo("online");
            sim.admin().cutLink(A, B);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(status(b, B).status()).isEqualTo(PodArrayStatus.ONLINE);
                assertThat(status(a, A).status()).isEqualTo(PodArrayStatus.OFFLINE);
            });
        } finally {
            sim.admin().restoreLink(A, B);
            sim.admin().mediatorReachable();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(await(a.pods().get("pod1")).isHealthy()).isTrue());
    }
}
