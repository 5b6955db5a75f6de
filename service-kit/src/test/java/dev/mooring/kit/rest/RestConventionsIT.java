package dev.mooring.kit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class RestConventionsIT {

    @Test
    void theApiRefusesCallersWithoutTheBearerToken() {
        given().when().get("/api/v1/fixtures/one")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("bearer token is required"));
        given().auth().oauth2("wrong-token").when().get("/api/v1/fixtures/one")
                .then().statusCode(401).body("detail", containsString("not valid"));
        given().auth().oauth2("test-token").when().get("/api/v1/fixtures/one")
                .then().statusCode(200).body("id", equalTo("one"));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void readinessReflectsKafkaAndTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Reactive PostgreSQL")));
    }

    @Test
    void errorsAreProblemsThatNameTheFieldAndNeverLeakInternals() {
        given().auth().oauth2("test-token").contentType("application/json").body("{\"size\":3}")
                .when().post("/api/v1/fixtures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].reason", equalTo("is required"))
                .body("detail", equalTo("name: is required"));
        given().auth().oauth2("test-token").contentType("application/json").body("{\"name\":\"a\",\"size\":\"big\"}")
                .when().post("/api/v1/fixtures")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        given().auth().oauth2("test-token").contentType("application/json").body("{not json")
                .when().post("/api/v1/fixtures")
                .then().statusCode(400).body("detail", containsString("not valid JSON"));
        given().auth().oauth2("test-token").when().get("/api/v1/fixtures/missing-1")
                .then().statusCode(404).body("detail", equalTo("Fixture missing-1 does not exist"));
        given().auth().oauth2("test-token").when().get("/api/v1/fixtures/boom")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("reference"))
                .body(not(containsString("secret internals")));
    }

    @Test
    void theCorrelationIdIsEchoedOrCreated() {
        given().auth().oauth2("test-token").header("X-Correlation-ID", "req-42")
                .when().get("/api/v1/fixtures/one")
                .then().header("X-Correlation-ID", "req-42");
        given().auth().oauth2("test-token").when().get("/api/v1/fixtures/one")
                .then().header("X-Correlation-ID", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }
}
