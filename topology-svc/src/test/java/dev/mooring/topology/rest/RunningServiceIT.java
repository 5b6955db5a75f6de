package dev.mooring.topology.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.mooring.topology.TopologyTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** topology-svc starts, reports itself ready, guards its API and describes it, and exposes its metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
class RunningServiceIT {

    @Test
    void itIsReadyOnceKafkaItsDatabaseAndTheNodeListAnswer() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItem("kafka"))
                        .body("checks.name", hasItem("kubernetes-nodes")));
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().get("/api/v1/topology").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not-the-token").get("/api/v1/topology").then().statusCode(401);
        given().auth().oauth2("test-token").get("/api/v1/topology").then().statusCode(200);
    }

    @Test
    void openApiDescribesTheApiAndItsBearerScheme() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Mooring topology-svc"))
                .body("paths.'/api/v1/topology'.get", notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
