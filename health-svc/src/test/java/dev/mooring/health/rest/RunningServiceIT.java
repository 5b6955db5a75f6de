package dev.mooring.health.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.mooring.health.Cluster;
import dev.mooring.health.HealthTestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** health-svc starts, reports itself ready, guards its API and describes it, and exposes its metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
class RunningServiceIT {

    @Inject
    KubernetesClient kubernetes;

    @Test
    void itIsReadyOnceKafkaItsDatabaseAndAnArrayAnswer() {
        Cluster.arraysInSecret(kubernetes);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka"))
                .body("checks.name", hasItem("flasharrays"))
                .body("checks.name", hasItem("kubernetes-leases"));
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().get("/api/v1/nodes").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not-the-token").get("/api/v1/nodes").then().statusCode(401);
        given().auth().oauth2("not-the-token").post("/api/v1/nodes/n1/heartbeat").then().statusCode(401);
        given().auth().oauth2("test-token").get("/api/v1/nodes").then().statusCode(200);
        given().auth().oauth2("test-token").get("/api/v1/pods").then().statusCode(200);
    }

    @Test
    void openApiDescribesTheApiAndItsBearerScheme() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Mooring health-svc"))
                .body("paths.'/api/v1/nodes'.get", notNullValue())
                .body("paths.'/api/v1/nodes/{name}'.get", notNullValue())
                .body("paths.'/api/v1/nodes/{name}/heartbeat'.post", notNullValue())
                .body("paths.'/api/v1/pods'.get", notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
