package dev.mooring.attach.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.mooring.attach.AttachTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/** attach-svc starts, reports itself ready, guards its API and describes it, and exposes its metrics. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class RunningServiceIT {

    @Test
    void itIsReadyOnceKafkaItsDatabaseAndAFlashArrayAnswer() {
        // Arrays register asynchronously after start: readiness turns UP once one has.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka"))
                .body("checks.find { it.name == 'flasharrays' }.data.registered", equalTo(2));
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().get("/api/v1/volumes").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not-the-token").get("/api/v1/volumes").then().statusCode(401);
        given().auth().oauth2("test-token").get("/api/v1/volumes").then().statusCode(200);
    }

    @Test
    void openApiDescribesTheApiAndItsBearerScheme() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Mooring attach-svc"))
                .body("paths.'/api/v1/volumes'.get", notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
