package dev.mooring.kit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node agent proves its node with its pod's ServiceAccount token, which the API server reviews (TokenReview); it may
 * then call only the operations opened to agents, for its own node. Administrators keep every operation.
 */
@QuarkusTest
@TestProfile(NodeAgentCallersIT.AgentsEnabled.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class NodeAgentCallersIT {

    public static class AgentsEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.api.node-agents.enabled", "true",
                    "mooring.api.node-agents.service-account", "mooring:mooring-node-agent");
        }
    }

    private static final String ADMIN = "test-token";
    private static final String WORKER_1 = "token-of-the-agent-pod-on-worker-1";
    private static final String WORKER_2 = "token-of-the-agent-pod-on-worker-2";
    private static final String OTHER_ACCOUNT = "token-of-some-other-service-account";
    private static final String NO_NODE = "token-reviewed-by-an-api-server-older-than-1.30";
    private static final ObjectMapper JSON = new ObjectMapper();

    @KubernetesTestServer
    KubernetesServer server;

    private final AtomicInteger reviews = new AtomicInteger();

    @BeforeEach
    void apiServerReviewsTokens() {
        reviews.set(0);
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            reviews.incrementAndGet();
            try {
                JsonNode review = JSON.readTree(request.getBody().readUtf8());
                return answer(review.path("spec").path("token").asText(), review.path("spec").path("audiences"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).always();
    }

    @Test
    void anAgentCallsTheOperationsOpenedToAgentsForItsOwnNode() {
        given().auth().oauth2(WORKER_1).post("/api/v1/fixture-nodes/worker-1/heartbeat").then().statusCode(200)
                .body("node", equalTo("worker-1"));
        given().auth().oauth2(WORKER_1).queryParam("nodeName", "worker-1").get("/api/v1/fixture-nodes").then()
                .statusCode(200);
    }

    @Test
    void nodeAsCredentialCannotActForNodeB() {
        given().auth().oauth2(WORKER_1).post("/api/v1/fixture-nodes/worker-2/heartbeat").then().statusCode(403)
                .body("detail", equalTo("the node agent of worker-1 may act for its own node only, not for worker-2"));
        given().auth().oauth2(WORKER_1).queryParam("nodeName", "worker-2").get("/api/v1/fixture-nodes").then()
                .statusCode(403);
        given().auth().oauth2(WORKER_1).get("/api/v1/fixture-nodes").then().statusCode(403)
                .body("detail", containsString("must name its own node (query parameter nodeName)"));
        given().auth().oauth2(WORKER_2).post("/api/v1/fixture-nodes/worker-2/heartbeat").then().statusCode(200);
    }

    @Test
    void anAgentCannotCallWhatIsForAdministratorsAloneWhoKeepEverything() {
        given().auth().oauth2(WORKER_1).contentType("application/json").body(Map.of("name", "vol", "size", 1))
                .post("/api/v1/fixtures").then().statusCode(403)
                .body("detail", containsString("for administrators"));
        given().auth().oauth2(WORKER_1).post("/api/v1/fixture-nodes/worker-1/fence").then().statusCode(403);
        given().auth().oauth2(WORKER_1).get("/api/v1/dead-letters").then().statusCode(403);
        given().auth().oauth2(ADMIN).post("/api/v1/fixture-nodes/worker-1/fence").then().statusCode(200);
        given().auth().oauth2(ADMIN).post("/api/v1/fixture-nodes/worker-2/heartbeat").then().statusCode(200);
    }

    @Test
    void aTokenOfAnotherAccountOrWithoutANodeOrUnknownIsNoAgents() {
        for (String token : List.of(OTHER_ACCOUNT, NO_NODE, "made-up")) {
            given().auth().oauth2(token).post("/api/v1/fixture-nodes/worker-1/heartbeat").then().statusCode(401)
                    .body("detail", equalTo("The bearer token is not valid"));
        }
    }

    @Test
    void anAgentsCallsCostOneReviewWhileTheAnswerIsFresh() {
        String token = "token-of-the-agent-pod-on-worker-3";
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).post("/api/v1/fixture-nodes/worker-3/heartbeat").then().statusCode(200);
        }
        org.assertj.core.api.Assertions.assertThat(reviews.get()).isEqualTo(1);
    }

    /** What an API server answers: the agent's pods on their nodes, another account, a pre-1.30 server, nobody. */
    private static ObjectNode answer(String token, JsonNode audiences) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        ObjectNode status = review.putObject("status");
        boolean forMooring = audiences.toString().contains("\"mooring\"");
        if (!forMooring || token.equals("made-up")) {
            status.put("authenticated", false);
            return review;
        }
        status.put("authenticated", true);
        ObjectNode user = status.putObject("user");
        if (token.equals(OTHER_ACCOUNT)) {
            user.put("username", "system:serviceaccount:mooring:provisioner-svc");
            user.putObject("extra").putArray("authentication.kubernetes.io/node-name").add("worker-1");
        } else if (token.equals(NO_NODE)) {
            user.put("username", "system:serviceaccount:mooring:mooring-node-agent");
        } else {
            user.put("username", "system:serviceaccount:mooring:mooring-node-agent");
            String node = token.substring(token.lastIndexOf("on-") + 3);
            user.putObject("extra").putArray("authentication.kubernetes.io/node-name").add(node);
        }
        return review;
    }
}
