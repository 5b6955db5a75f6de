package dev.mooring.devstack.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.devstack.Ports;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-in proves a node agent's node as a cluster does: a token the kubelet asked for, bound to the agent's pod,
 * is reviewed as the pod's ServiceAccount on the pod's node; any other token, another audience or a deleted pod is not
 * authenticated.
 */
class ServiceAccountTokensTest {

    private static KubeApiServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        int port = new Ports(false).choose(18086);
        server = KubeApiServer.start("127.0.0.1", port);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + port)
                .withAutoConfigure(false).build()).build();
        client.resource(new PodBuilder().withNewMetadata().withName("agent-worker-1").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("worker-1").withServiceAccountName("mooring-node-agent")
                .addNewContainer().withName("agent").withImage("agent").endContainer().endSpec().build()).create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void aTokenBoundToTheAgentsPodIsReviewedAsItsServiceAccountOnItsNode() {
        String token = tokenFor("agent-worker-1", "mooring");
        TokenReview review = review(token, "mooring");
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:default:mooring-node-agent");
        assertThat(review.getStatus().getUser().getExtra())
                .containsEntry("authentication.kubernetes.io/node-name", List.of("worker-1"))
                .containsEntry("authentication.kubernetes.io/pod-name", List.of("agent-worker-1"));
    }

    @Test
    void anUnknownTokenOrOneForAnotherAudienceIsNotAuthenticated() {
        assertThat(review("made-up", "mooring").getStatus().getAuthenticated()).isFalse();
        String token = tokenFor("agent-worker-1", "vault");
        assertThat(review(token, "mooring").getStatus().getAuthenticated()).isFalse();
        assertThat(review(token, "mooring").getStatus().getError()).contains("audiences");
    }

    @Test
    void aTokenOfADeletedPodIsNoLongerValid() {
        client.resource(new PodBuilder().withNewMetadata().withName("agent-gone").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("worker-2").withServiceAccountName("mooring-node-agent")
                .addNewContainer().withName("agent").withImage("agent").endContainer().endSpec().build()).create();
        String token = tokenFor("agent-gone", "mooring");
        assertThat(review(token, "mooring").getStatus().getAuthenticated()).isTrue();
        client.pods().inNamespace("default").withName("agent-gone").delete();
        assertThat(review(token, "mooring").getStatus().getAuthenticated()).isFalse();
    }

    private static String tokenFor(String pod, String audience) {
        String uid = client.pods().inNamespace("default").withName(pod).get().getMetadata().getUid();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences(audience).withExpirationSeconds(600L)
                .withNewBoundObjectRef().withKind("Pod").withApiVersion("v1").withName(pod).withUid(uid)
                .endBoundObjectRef().endSpec().build();
        return client.serviceAccounts().inNamespace("default").withName("mooring-node-agent").tokenRequest(request)
                .getStatus().getToken();
    }

    private static TokenReview review(String token, String audience) {
        return client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience).endSpec()
                .build()).create();
    }
}
