package dev.mooring.kit.kube;

import static dev.mooring.kit.KitTestSupport.awaitOnVertx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Events on the objects users describe, written to a Kubernetes API only after their outcome committed. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class KubeEventsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    KubeEvents events;

    @Inject
    KubernetesClient kubernetes;

    @Test
    void anEventOfACommittedOutcomeReachesTheApiServerOnTheObjectItIsAbout() {
        Subject claim = Subject.claim("apps", "db-data", "uid-1");
        awaitOnVertx(() -> Panache.withTransaction(() -> events.record(new Notice(claim, KubeEvents.WARNING,
                "ProvisioningFailed", "parameter max_iops: must be at least 100", "volume-1/attempt-1"))));

        Event event = awaitEvent("apps", e -> "db-data".equals(e.getInvolvedObject().getName()));
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("ProvisioningFailed");
        assertThat(event.getMessage()).isEqualTo("parameter max_iops: must be at least 100");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("PersistentVolumeClaim");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(event.getSource().getComponent()).isEqualTo("kit-test");
    }

    @Test
    void anEventOfARolledBackOutcomeNeverShows() {
        Subject node = Subject.node("node-rolled-back", "uid-n");
        try {
            awaitOnVertx(() -> Panache.withTransaction(() -> events.record(new Notice(node, KubeEvents.NORMAL,
                    "NodeOffline", "no heartbeat for 40s", "outage-1"))
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back")))));
        } catch (IllegalStateException expected) {
            // the outcome did not happen, so neither does its Event
        }
        awaitOnVertx(() -> Panache.withTransaction(() -> events.record(new Notice(Subject.node("node-after", "uid-a"),
                KubeEvents.NORMAL, "NodeOffline", "no heartbeat for 40s", "outage-1"))));
        awaitEvent("default", e -> "node-after".equals(e.getInvolvedObject().getName()));
        assertThat(events("default")).noneMatch(e -> "node-rolled-back".equals(e.getInvolvedObject().getName()));
    }

    @Test
    void theSameOccurrenceRecordedAgainRefreshesItsEventInsteadOfAddingOne() {
        Subject node = Subject.node("node-again", "uid-2");
        awaitOnVertx(() -> events.recordAlone(new Notice(node, KubeEvents.WARNING, "TopologyConflict",
                "zone a or b", "conflict a/b")));
        awaitEvent("default", e -> "node-again".equals(e.getInvolvedObject().getName()));
        awaitOnVertx(() -> events.recordAlone(new Notice(node, KubeEvents.WARNING, "TopologyConflict",
                "zone a or b, seen again", "conflict a/b")));
        awaitOnVertx(() -> events.recordAlone(new Notice(node, KubeEvents.WARNING, "TopologyConflict",
                "zone c or d", "conflict c/d")));

        Awaitility.await().atMost(DEADLINE).until(() -> events("default").stream()
                .filter(e -> "node-again".equals(e.getInvolvedObject().getName())).count() == 2);
        assertThat(events("default")).filteredOn(e -> "node-again".equals(e.getInvolvedObject().getName()))
                .extracting(Event::getMessage).containsExactlyInAnyOrder("zone a or b, seen again", "zone c or d");
    }

    private Event awaitEvent(String namespace, java.util.function.Predicate<Event> match) {
        Awaitility.await().atMost(DEADLINE).until(() -> events(namespace).stream().anyMatch(match));
        return events(namespace).stream().filter(match).findFirst().orElseThrow();
    }

    private List<Event> events(String namespace) {
        return kubernetes.v1().events().inNamespace(namespace).list().getItems();
    }
}
