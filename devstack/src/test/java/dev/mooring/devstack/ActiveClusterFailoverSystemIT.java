package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.events.Topic;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.events.attachments.AttachmentPathChanged;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ActiveCluster failover sequence of 000_47479b46186bd65a.txt on the simulated pair: the replication
 * link is cut, the Mediator keeps array-a (the pod's failover preference) serving and array-b goes offline;
 * once the link is back array-b resyncs and comes online. health-svc reports each step, attach-svc takes the
 * paths through array-b down and brings them back only when array-b is online, and the provisioner keeps
 * creating volumes in the pod while one array serves it.
 */
@SystemTest
class ActiveClusterFailoverSystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static SystemStack system;
    private static Stack stack;
    private static KubernetesClient kubernetes;
    private static EventLog events;

    @BeforeAll
    static void startTheStack() {
        system = SystemStack.start("activecluster", Map.of("health-svc", Map.of("mooring.health.pod-poll-interval", "PT1S")),
                Topic.ARRAYS.topicName(), Topic.ATTACHMENTS.topicName());
        stack = system.stack;
        kubernetes = system.kubernetes;
        events = system.events;
    }

    @AfterAll
    static void stopTheStack() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aLinkCutTakesArrayBOfflineThenResyncingThenOnlineAndThePathsFollow() {
        MooringApi provisioner = new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken());
        MooringApi attach = new MooringApi(stack.service("attach-svc").baseUrl(), stack.apiToken());
        SimulatorAdminClient simulator = stack.simulatorAdmin();
        try (ClusterNodes nodes = new ClusterNodes(kubernetes, Duration.ofSeconds(2))) {
            nodes.add("ac-node", "region-1", "zone-a");
            String volumeId = provisionInPod(provisioner, "ac-vm-disk");
            String attachmentId = attach(attach, volumeId, "ac-node");
            events.await(PodArrayStatusChanged.class, s -> s.getArray().equals("array-b") && s.getStatus().equals("online"),
                    DEADLINE);

            simulator.cutLink("array-a", "array-b");

            events.await(PodArrayStatusChanged.class, s -> s.getArray().equals("array-b") && s.getStatus().equals("offline"),
                    DEADLINE);
            await().atMost(DEADLINE).until(() -> "down".equals(pathState(attach, attachmentId, "array-b")));
            assertThat(pathState(attach, attachmentId, "array-a")).isEqualTo("up");
            // array-a still serves pod1: new volumes in it are still created.
            provisionInPod(provisioner, "ac-during-cut");

            simulator.restoreLink("array-a", "array-b");

            PodArrayStatusChanged resyncing = events.await(PodArrayStatusChanged.class,
                    s -> s.getArray().equals("array-b") && s.getStatus().equals("resyncing"), DEADLINE);
            assertThat(resyncing.getProgress()).isNotNull().isBetween(0.0, 1.0);
            assertThat(pathState(attach, attachmentId, "array-b")).as("not back before the resync is done").isEqualTo("down");
            events.await(PodArrayStatusChanged.class, s -> s.getArray().equals("array-b") && s.getStatus().equals("online")
                    && "resyncing".equals(s.getPreviousStatus()), DEADLINE);
            await().atMost(DEADLINE).until(() -> "up".equals(pathState(attach, attachmentId, "array-b")));

            List<String> statuses = events.all(PodArrayStatusChanged.class).stream()
                    .filter(s -> s.getArray().equals("array-b") && s.getPodName().equals("pod1"))
                    .map(PodArrayStatusChanged::getStatus).distinct().toList();
            assertThat(statuses).containsExactly("online", "offline", "resyncing");
            List<String> pathChanges = events.all(AttachmentPathChanged.class).stream()
                    .filter(p -> p.getAttachmentId().equals(attachmentId) && p.getArray().equals("array-b"))
                    .map(AttachmentPathChanged::getState).toList();
            assertThat(pathChanges).containsExactly("down", "up");
            Instant onlineAgain = events.received(PodArrayStatusChanged.class, s -> s.getArray().equals("array-b")
                    && s.getStatus().equals("online") && "resyncing".equals(s.getPreviousStatus())).get(0).receivedAt();
            Instant pathUp = events.received(AttachmentPathChanged.class, p -> p.getAttachmentId().equals(attachmentId)
                    && p.getState().equals("up")).get(0).receivedAt();
            assertThat(pathUp).isAfterOrEqualTo(onlineAgain);
        }
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }

    private static String provisionInPod(MooringApi provisioner, String name) {
        Http.Answer answer = provisioner.requestVolume(name, "10Gi", Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String id = answer.json().path("id").asText();
        provisioner.awaitState(id, Set.of("Ready"), DEADLINE, Duration.ofMillis(200));
        return id;
    }

    private static String attach(MooringApi attach, String volumeId, String node) {
        await().atMost(DEADLINE).until(() -> attach.call("GET", "/api/v1/volumes/" + volumeId, null).status() == 200);
        Http.Answer answer = attach.call("POST", "/api/v1/attachments",
                "{\"volumeId\":\"" + volumeId + "\",\"nodeName\":\"" + node + "\"}");
        assertThat(answer.status()).as(answer.body()).isIn(200, 202);
        String id = answer.json().path("id").asText();
        await().atMost(DEADLINE).until(() -> "Attached".equals(
                attach.call("GET", "/api/v1/attachments/" + id, null).json().path("state").asText()));
        return id;
    }

    private static String pathState(MooringApi attach, String attachmentId, String array) {
        JsonNode view = attach.call("GET", "/api/v1/attachments/" + attachmentId, null).json();
        for (JsonNode path : view.path("paths")) {
            if (array.equals(path.path("array").asText())) {
                return path.path("state").asText(null);
            }
        }
        return null;
    }
}
