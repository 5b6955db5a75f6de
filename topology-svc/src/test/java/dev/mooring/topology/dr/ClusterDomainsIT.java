package dev.mooring.topology.dr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mooring.topology.TopologyTestResources;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * This installation is cluster domain site-a, paired with site-b — a stand-in of site-b's topology-svc on loopback
 * whose answers the test sets — and a witness the test can take down. What an operator of site-a meets: the
 * refusals that keep exactly one domain active, a domain that cannot be asked, stepping down for a later activation
 * elsewhere, and a failover whose checks fail. (The whole story with two real sites: DisasterRecoverySystemIT.)
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
@TestProfile(ClusterDomainsIT.SiteA.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDomainsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String PEER_TOKEN = "site-b-token-that-must-stay-secret";

    /** Site-b's answers and what it was asked. */
    static final class SiteB {
        static volatile String state = "active";
        static volatile long epoch = 5;
        /** Set: site-b holds its answers until the test ends (a site that does not answer). */
        static volatile CountDownLatch hung;
        static final List<String> asked = new CopyOnWriteArrayList<>();
        /**
         * A JVM-wide switch: the profile (which names the witness's URL) and the test may see this class through
         * different class loaders, each with its own server; both witnesses answer by it.
         */
        static final String WITNESS_DOWN = "clusterdomainsit.witness-down";
        static final HttpServer SERVER = start();

        private static HttpServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/api/v1/cluster-domains", SiteB::answer);
                server.createContext("/witness", exchange -> reply(exchange, Boolean.getBoolean(WITNESS_DOWN) ? 503 : 200, "{}"));
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String url(String path) {
            return "http://127.0.0.1:" + SERVER.getAddress().getPort() + path;
        }

        private static void answer(HttpExchange exchange) throws IOException {
            CountDownLatch hold = hung;
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + (("Bearer " + PEER_TOKEN).equals(bearer) ? "" : " (no token)"));
            if (exchange.getRequestURI().getPath().endsWith("/step-down")) {
                state = "inactive";
            }
            reply(exchange, 200, "{\"name\":\"site-b\",\"state\":\"" + state + "\",\"epoch\":" + epoch
                    + ",\"changedAt\":\"2026-12-07T00:00:00Z\",\"reason\":\"test\"}");
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

    /** Site-a, inactive at install, asking site-b every half second whether it was activated later. */
    public static class SiteA implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.dr.domain", "site-a", "mooring.dr.initial-state", "inactive",
                    "mooring.dr.witness-url", SiteB.url("/witness"), "mooring.dr.call-timeout", "PT1S",
                    "mooring.dr.peer-check-interval", "PT0.5S", "mooring.dr.refresh-interval", "PT0.5S");
        }
    }

    @Inject
    KubernetesClient kubernetes;

    @BeforeEach
    void pairWithSiteB() {
        if (kubernetes.namespaces().withName("mooring").get() == null) {
            kubernetes.resource(new NamespaceBuilder().withNewMetadata().withName("mooring").endMetadata().build()).create();
            kubernetes.resource(new SecretBuilder().withNewMetadata().withName("mooring-cluster-pair").withNamespace("mooring")
                    .endMetadata().addToStringData(Map.of("domain", "site-b", "endpoint", SiteB.url(""),
                            "token", PEER_TOKEN)).build()).create();
        }
        await().atMost(DEADLINE).untilAsserted(() -> api().get("/api/v1/cluster-domains").then().statusCode(200)
                .body("domains[1].name", equalTo("site-b")).body("domains[1].reachable", equalTo(true)));
    }

    /** An administrator's call with the test token. */
    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }

    @AfterAll
    static void stopSiteB() {
        SiteB.SERVER.stop(0);
    }

    @Test
    @Order(1)
    void activatingWhileTheOtherDomainIsActiveIsRefusedNamingIt() {
        SiteB.state = "active";
        api().post("/api/v1/cluster-domains/site-a/activate").then().statusCode(409)
                .body("detail", containsString("activating site-a would leave both domains active"))
                .body("detail", containsString("site-b is active"));
        api().get("/api/v1/cluster-domains").then().body("domains[0].state", equalTo("inactive"))
                .body("witness.reachable", equalTo(true));
        assertThat(SiteB.asked).allSatisfy(call -> assertThat(call).doesNotContain("(no token)"));
    }

    @Test
    @Order(2)
    void activatingWhileTheOtherIsInactiveTakesAnEpochAboveBothAndDeactivatingTheOnlyActiveOneIsRefused() {
        SiteB.state = "inactive";
        api().post("/api/v1/cluster-domains/site-a/activate").then().statusCode(200)
                .body("domains[0].state", equalTo("active")).body("epoch", equalTo(6));
        api().post("/api/v1/cluster-domains/site-a/deactivate").then().statusCode(409)
                .body("detail", containsString("would leave no domain active"));
        api().post("/api/v1/cluster-domains/site-c/activate").then().statusCode(404)
                .body("detail", containsString("the domains are site-a and site-b"));
    }

    @Test
    @Order(3)
    void aDomainThatCannotBeAskedIsNotChangedAndTheViewSaysWhy() {
        SiteB.hung = new CountDownLatch(1);
        try {
            api().post("/api/v1/cluster-domains/site-a/deactivate").then().statusCode(503)
                    .body("detail", containsString("cannot reach the other cluster domain"))
                    .body("detail", containsString("use a failover"));
            api().get("/api/v1/cluster-domains").then().statusCode(200)
                    .body("domains[0].state", equalTo("active"))
                    .body("domains[1].reachable", equalTo(false))
                    .body("domains[1].error", containsString("cannot reach"))
                    .body(org.hamcrest.Matchers.not(containsString(PEER_TOKEN)));
        } finally {
            SiteB.hung.countDown();
            SiteB.hung = null;
        }
    }

    @Test
    @Order(4)
    void aStepDownIsCheckedAndOneForAnOlderEpochIsRefused() {
        api().contentType(ContentType.JSON).body("{}").post("/api/v1/cluster-domains/site-a/step-down").then()
                .statusCode(400).body(containsString("epoch"));
        api().contentType(ContentType.JSON).body("{\"epoch\":9}").post("/api/v1/cluster-domains/site-b/step-down")
                .then().statusCode(404);
        api().contentType(ContentType.JSON).body("{\"epoch\":2,\"reason\":\"an old failover\"}")
                .post("/api/v1/cluster-domains/site-a/step-down").then().statusCode(409)
                .body("detail", containsString("older than this domain's epoch 6"));
        api().get("/api/v1/cluster-domains/local").then().body("state", equalTo("active"));
    }

    @Test
    @Order(5)
    void aFailoverNamesTheFieldItLacksAndTheDomainItCannotTakeOver() {
        api().contentType(ContentType.JSON).body("{}").post("/api/v1/failovers").then().statusCode(400)
                .body(containsString("failedDomain"));
        api().contentType(ContentType.JSON).body("{\"failedDomain\":\"site-a\"}").post("/api/v1/failovers").then()
                .statusCode(400).body(containsString("names this domain"));
        api().contentType(ContentType.JSON).body("{\"failedDomain\":\"site-x\"}").post("/api/v1/failovers").then()
                .statusCode(400).body(containsString("not the paired domain"));
        api().contentType(ContentType.JSON).body("{}").post("/api/v1/failbacks").then().statusCode(400)
                .body(containsString("domain"));
        api().get("/api/v1/failovers/not-a-uuid").then().statusCode(400).body(containsString("UUID"));
    }

    @Test
    @Order(6)
    void aFailoverWhoseChecksFailShowsThemInTheDryRunAndIsRefusedWithoutRecordingAnything() {
        System.setProperty(SiteB.WITNESS_DOWN, "true");
        try {
            api().contentType(ContentType.JSON).body("{\"failedDomain\":\"site-b\",\"dryRun\":true}")
                    .post("/api/v1/failovers").then().statusCode(200)
                    .body("wouldSucceed", equalTo(false))
                    .body("checks.findAll { !it.passed }.name", hasItems("witness-reachable", "domains",
                            "pods-online-here", "migrated-applications"));
            api().contentType(ContentType.JSON).body("{\"failedDomain\":\"site-b\"}").post("/api/v1/failovers").then()
                    .statusCode(409).body("detail", containsString("the witness cannot be reached"))
                    .body("errors.field", hasItems("witness-reachable", "pods-online-here"));
            api().get("/api/v1/failovers").then().statusCode(200).body("size()", equalTo(0));
        } finally {
            System.clearProperty(SiteB.WITNESS_DOWN);
        }
    }

    @Test
    @Order(7)
    void anActiveDomainStepsDownWhenTheOtherWasActivatedAfterIt() {
        SiteB.epoch = 9;
        SiteB.state = "active";
        await().atMost(DEADLINE).untilAsserted(() -> api().get("/api/v1/cluster-domains/local").then()
                .body("state", equalTo("inactive")).body("epoch", equalTo(9))
                .body("reason", containsString("stepped down")));
    }
}
