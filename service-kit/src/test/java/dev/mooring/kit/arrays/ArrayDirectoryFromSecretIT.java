package dev.mooring.kit.arrays;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.SimulatorResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An operator manages arrays through the px-pure-secret Secret; the directory follows without a restart. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "source", value = "secret"))
class ArrayDirectoryFromSecretIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    ArrayDirectory directory;

    @Inject
    KubernetesClient kubernetes;

    @Test
    void arraysFollowTheSecretThroughAdditionRotationRefusalAndRemoval() {
        FlashArraySimulator sim = SimulatorResource.simulator();
        String a = entry(sim.endpoint("array-a"), sim.apiToken("array-a"));
        String b = entry(sim.endpoint("array-b"), sim.apiToken("array-b"));

        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'flasharrays' }.status", equalTo("DOWN"));

        putSecret("{\"FlashArrays\":[" + a + "]}");
        awaitRegistered(List.of("array-a"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'flasharrays' }.data.array-a", equalTo("Registered"));

        putSecret("{\"FlashArrays\":[" + a + "," + b + ",{\"APIToken\":\"x\"}]}");
        awaitRegistered(List.of("array-a", "array-b"));
        assertThat(directory.malformedEntries()).singleElement()
                .satisfies(m -> assertThat(m.description() + " " + m.reason()).isEqualTo("FlashArrays[2] MgmtEndPoint is missing"));

        String refused = entry(sim.endpoint("array-b"), "00000000-0000-0000-0000-000000000000");
        putSecret("{\"FlashArrays\":[" + a + "," + refused + "]}");
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(directory.arrays())
                .filteredOn(r -> r.endpoint().equals(sim.endpoint("array-b"))).singleElement()
                .satisfies(r -> {
                    assertThat(r.registered()).isFalse();
                    assertThat(r.failureReason()).isEqualTo("TokenRefused");
                    assertThat(r.failureMessage()).contains("FlashArrays[1]").doesNotContain("00000000-0000");
                }));
        assertThat(directory.client("array-b")).isEmpty();

        putSecret("{\"FlashArrays\":[" + b + "]}"); // a removed, b's token rotated back to a good one
        awaitRegistered(List.of("array-b"));
        assertThat(directory.arrays()).hasSize(1);

        kubernetes.secrets().inNamespace("kube-system").withName("px-pure-secret").delete();
        Awaitility.await().atMost(DEADLINE).until(() -> directory.arrays().isEmpty());
        given().get("/q/health/ready").then().statusCode(503);
    }

    private void awaitRegistered(List<String> names) {
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(directory.registered())
                .extracting(RegisteredArray::name).containsExactlyElementsOf(names));
        names.forEach(name -> assertThat(directory.client(name)).isPresent());
    }

    private void putSecret(String pureJson) {
        Secret secret = new SecretBuilder().withNewMetadata().withName("px-pure-secret").withNamespace("kube-system")
                .endMetadata()
                .withData(Map.of("pure.json", Base64.getEncoder().encodeToString(pureJson.getBytes(StandardCharsets.UTF_8))))
                .build();
        kubernetes.secrets().inNamespace("kube-system").resource(secret).createOr(existing -> existing.update());
    }

    private static String entry(String endpoint, String token) {
        return "{\"MgmtEndPoint\":\"" + endpoint + "\",\"APIToken\":\"" + token + "\"}";
    }
}
