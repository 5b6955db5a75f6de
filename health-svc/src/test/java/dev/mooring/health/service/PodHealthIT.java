package dev.mooring.health.service;

import static dev.mooring.health.Cluster.api;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.arrays.MediatorUnreachable;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ActiveCluster on the simulator (pod1 stretched over array-a and array-b, array-a preferred): a replication
 * link cut makes array-b lose the Mediator race — offline, then resyncing with progress once the link is back,
 * then online — and health-svc announces each change once, the Mediator's loss too, and shows it over REST.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class PodHealthIT {

    private static final Duration DEADLINE = Duration.ofSeconds(40);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    PodHealthPoller poller;

    private TopicReader arrays;

    @BeforeEach
    void arrays() {
        arrays = new TopicReader(KafkaBroker.shared(), "mooring.arrays");
    }

    @AfterEach
    void heal() {
        sim().admin().restoreLink("array-a", "array-b");
        sim().admin().mediatorReachable();
        arrays.close();
    }

    @Test
    void aLinkCutTakesTheLosingArrayOfflineThenThroughResyncBackOnline() {
        boolean firstSight = api().get("/api/v1/pods").then().statusCode(200).extract().jsonPath()
                .getList("pods").isEmpty();
        Cluster.arraysInSecret(kubernetes);
        awaitStatus("array-a", "online");
        awaitStatus("array-b", "online");
        if (firstSight) {
            // The first observation is announced too, with no previous status.
            assertThat(changes("array-a")).first().satisfies(e -> {
                assertThat(e.getStatus()).isEqualTo("online");
                assertThat(e.getPreviousStatus()).isNull();
                assertThat(e.getPodName()).isEqualTo("pod1");
                assertThat(e.getMediatorStatus()).isEqualTo("online");
            });
        }
        int aBefore = changes("array-a").size();

        sim().admin().cutLink("array-a", "array-b");

        PodArrayStatusChanged offline = awaitChange("array-b", "offline");
        assertThat(offline.getPreviousStatus()).isEqualTo("online");
        awaitStatus("array-b", "offline");

        sim().admin().restoreLink("array-a", "array-b");

        PodArrayStatusChanged resyncing = awaitChange("array-b", "resyncing");
        assertThat(resyncing.getPreviousStatus()).isEqualTo("offline");
        assertThat(resyncing.getProgress()).isBetween(0.0, 1.0);
        PodArrayStatusChanged online = awaitChange("array-b", "online");
        assertThat(online.getPreviousStatus()).isEqualTo("resyncing");
        assertThat(statuses("array-b")).containsSubsequence("offline", "resyncing", "online");
        awaitStatus("array-b", "online");

        // The winner never changed, and an unchanged status is never announced again, however often polled.
        long polls = poller.polls();
        Awaitility.await().atMost(DEADLINE).until(() -> poller.polls() >= polls + 5);
        assertThat(changes("array-a")).hasSize(aBefore);
        assertThat(statuses("array-b")).containsExactly(firstSight ? new String[] {"online", "offline", "resyncing",
                "online"} : new String[] {"offline", "resyncing", "online"});
    }

    @Test
    void anArrayThatGoesDownIsReportedByItsPeerAndResyncsWhenBack() {
        Cluster.arraysInSecret(kubernetes);
        awaitStatus("array-b", "online");

        sim().admin().arrayDown("array-b");
        try {
            // array-b answers nothing now: array-a, which kept the pod, says array-b is offline.
            PodArrayStatusChanged offline = awaitChange("array-b", "offline");
            assertThat(offline.getPreviousStatus()).isEqualTo("online");
            assertThat(offline.getMediatorStatus()).isEqualTo("unknown"); // array-b cannot be asked
        } finally {
            sim().admin().arrayUp("array-b");
        }

        awaitChange("array-b", "resyncing");
        awaitChange("array-b", "online");
        awaitStatus("array-a", "online");
        assertThat(changes("array-a").stream().map(PodArrayStatusChanged::getStatus)).doesNotContain("offline");
    }

    @Test
    void whenNoArrayAnswersThePodIsUnknownOnBoth() {
        Cluster.arraysInSecret(kubernetes);
        awaitStatus("array-a", "online");
        awaitStatus("array-b", "online");

        sim().admin().arrayDown("array-b");
        sim().admin().arrayDown("array-a");
        try {
            awaitChange("array-a", "unknown");
            awaitChange("array-b", "unknown");
            awaitStatus("array-a", "unknown");
            awaitStatus("array-b", "unknown");
        } finally {
            sim().admin().arrayUp("array-a");
            sim().admin().arrayUp("array-b");
        }

        awaitChange("array-a", "online");
        awaitChange("array-b", "online");
        assertThat(statuses("array-a")).containsSubsequence("unknown", "online");
    }

    @Test
    void anArrayThatLosesItsMediatorIsAnnouncedOnce() {
        Cluster.arraysInSecret(kubernetes);
        awaitStatus("array-a", "online");

        sim().admin().mediatorUnreachable("array-a");

        Awaitility.await().atMost(DEADLINE).until(() -> !events(MediatorUnreachable.class, "array-a").isEmpty());
        MediatorUnreachable lost = events(MediatorUnreachable.class, "array-a").get(0);
        assertThat(lost.getPodName()).isEqualTo("pod1");
        assertThat(lost.getMediatorStatus()).isEqualTo("unreachable");
        Awaitility.await().atMost(DEADLINE).until(() -> "unreachable".equals(api().get("/api/v1/pods").then()
                .extract().path("pods.find { it.pod == 'pod1' }.arrays.find { it.array == 'array-a' }.mediatorStatus")));
        long polls = poller.polls();
        Awaitility.await().atMost(DEADLINE).until(() -> poller.polls() >= polls + 5);
        assertThat(events(MediatorUnreachable.class, "array-a")).hasSize(1);
        assertThat(events(MediatorUnreachable.class, "array-b")).isEmpty();
    }

    private static FlashArraySimulator sim() {
        return SimulatorResource.simulator();
    }

    private static void awaitStatus(String array, String status) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(api()
                .get("/api/v1/pods").then().extract()
                .path("pods.find { it.pod == 'pod1' }.arrays.find { it.array == '" + array + "' }.status")));
    }

    /** Waits until the latest change of the array is to {@code status}, and returns it. */
    private PodArrayStatusChanged awaitChange(String array, String status) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> !changes(array).isEmpty() && status.equals(last(array).getStatus()));
        return last(array);
    }

    private PodArrayStatusChanged last(String array) {
        List<PodArrayStatusChanged> all = changes(array);
        return all.get(all.size() - 1);
    }

    private List<PodArrayStatusChanged> changes(String array) {
        return events(PodArrayStatusChanged.class, array).stream().filter(e -> "pod1".equals(e.getPodName())).toList();
    }

    private List<String> statuses(String array) {
        return changes(array).stream().map(PodArrayStatusChanged::getStatus).toList();
    }

    private <T extends SpecificRecord> List<T> events(Class<T> type, String key) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : arrays.records()) {
            SpecificRecord event = EventCodec.instance().decode(record.value());
            if (key.equals(record.key()) && type.isInstance(event)) {
                out.add(type.cast(event));
            }
        }
        return out;
    }
}
