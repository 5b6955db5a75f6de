package dev.mooring.agent.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NodeGetInfo's labels: read from the API, but never waited for longer than the bound. */
class NodeLabelsTest {

    private static final String PATH = "/api/v1/nodes/worker-1";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final ExecutorService reader = Executors.newCachedThreadPool();
    /** Holds the API server's answer until the test ends: an API server that does not answer. */
    private final CountDownLatch answer = new CountDownLatch(1);

    @BeforeEach
    void startTheApiServer() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        answer.countDown();
        reader.shutdownNow();
        client.close();
        server.destroy();
    }

    @Test
    void anApiServerThatDoesNotAnswerInTimeGetsTheLabelsLastReadWithinTheBound() {
        server.expect().get().withPath(PATH).andReturn(200, new NodeBuilder().withNewMetadata().withName("worker-1")
                .addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build()).once();
        server.expect().get().withPath(PATH).andReply(200, request -> hung(new NodeBuilder().withNewMetadata()
                .withName("worker-1").addToLabels("topology.kubernetes.io/zone", "zone-b").endMetadata().build())).once();
        NodeLabels labels = new NodeLabels(client, "worker-1", Duration.ofMillis(300), reader);

        // The first read may outlast the bound on a loaded machine (the client's first connection): its answer is
        // kept for the calls after it, which is what is asserted here.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(labels.get()).containsEntry("topology.kubernetes.io/zone", "zone-a"));
        Map<String, String> whileSlow = assertTimeoutPreemptively(Duration.ofSeconds(3), labels::get);
        assertThat(whileSlow).as("the labels last read").containsEntry("topology.kubernetes.io/zone", "zone-a");
    }

    private <T> T hung(T reply) {
        try {
            answer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reply;
    }

    @Test
    void noLabelsAreKnownBeforeTheFirstReadAnswers() {
        server.expect().get().withPath(PATH).andReply(200, request -> hung(new NodeBuilder().withNewMetadata()
                .withName("worker-1").endMetadata().build())).always();
        NodeLabels labels = new NodeLabels(client, "worker-1", Duration.ofMillis(300), reader);

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(3), labels::get)).isEmpty();
    }
}
