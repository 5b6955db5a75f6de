package dev.mooring.provisioner.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.arrays.ArrayRegistered;
import dev.mooring.events.arrays.ArrayRegistrationFailed;
import dev.mooring.events.arrays.ArrayRemoved;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.ApiToken;
import dev.mooring.provisioner.ClusterArraysResource;
import dev.mooring.provisioner.KubernetesTestResources;
import dev.mooring.provisioner.repository.FlashArrayRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator keeps FlashArrays in the {@code px-pure-secret} Secret, as Portworx has it; the provisioner
 * announces each change on {@code mooring.arrays} exactly once, and never shows a token.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@KubernetesTestResources
class ArraysFromSecretIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    FlashArrayRepository announced;

    private TopicReader arrays;

    /** Each test starts from no Secret and nothing announced, then reads what it causes. */
    @BeforeEach
    void noArraysYet() {
        kubernetes.secrets().inNamespace("kube-system").withName("px-pure-secret").delete();
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> announcedEntries() == 0 && given().auth().oauth2("test-token").get("/api/v1/arrays")
                        .then().extract().jsonPath().getList("arrays").isEmpty());
        arrays = new TopicReader(KafkaBroker.shared(), "mooring.arrays");
    }

    private long announcedEntries() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> announced.count()));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        if (arrays != null) {
            arrays.close();
        }
    }

    @Test
    void theSecretsArraysAreAnnouncedOnceAndNoTokenIsShownAnywhere() {
        putSecret(sim().endpoint("array-a"), sim().apiToken("array-a"), sim().endpoint("array-b"), sim().apiToken("array-b"));

        List<ArrayRegistered> registered = events(ArrayRegistered.class, 2);
        assertThat(registered).extracting(r -> r.getArrayName().toString())
                .containsExactlyInAnyOrder("array-a", "array-b");
        assertThat(registered).allSatisfy(r -> {
            assertThat(r.getPurityVersion().toString()).isEqualTo("6.6.11");
            assertThat(r.getCapacityBytes()).isPositive();
            assertThat(r.getEnvelope().getKey().toString()).isEqualTo(r.getArrayName().toString());
        });
        JsonPath listed = given().auth().oauth2("test-token").get("/api/v1/arrays").then().statusCode(200)
                .extract().jsonPath();
        assertThat(listed.getList("arrays.status", String.class)).containsOnly("Registered").hasSize(2);
        assertThat(listed.getList("arrays.capacityBytes", Long.class)).allSatisfy(c -> assertThat(c).isPositive());
        assertThat(listed.getList("arrays.lastChangeAt", String.class)).doesNotContainNull();
        assertNoTokenIn(listed.prettify());
        arrays.records().forEach(r -> assertNoTokenIn(new String(r.value(), StandardCharsets.ISO_8859_1)));

        // The same Secret applied again, and a rotated token that reaches the same array, change nothing.
        putSecret(sim().endpoint("array-a"), sim().apiToken("array-a"), sim().endpoint("array-b"), sim().apiToken("array-b"));
        putSecret(sim().endpoint("array-a"), readonlyToken("array-a"), sim().endpoint("array-b"), sim().apiToken("array-b"));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> arrays.records().size() == 2);
    }

    @Test
    void aRefusedTokenAMalformedEntryAndARemovalAreAnnounced() {
        putSecret(sim().endpoint("array-a"), sim().apiToken("array-a"), sim().endpoint("array-b"), sim().apiToken("array-b"));
        awaitRegistered(2);

        String badToken = "00000000-0000-4000-8000-000000000000";
        putSecretDocument("{\"FlashArrays\":[" + entry(sim().endpoint("array-a"), sim().apiToken("array-a")) + ","
                + entry(sim().endpoint("array-b"), badToken) + ",{\"APIToken\":\"" + badToken + "\"}]}");

        List<ArrayRegistrationFailed> failed = events(ArrayRegistrationFailed.class, 2);
        assertThat(failed).anySatisfy(f -> {
            assertThat(f.getFailure().getReason().toString()).isEqualTo("TokenRefused");
            assertThat(f.getEndpoint().toString()).isEqualTo(sim().endpoint("array-b"));
            assertThat(f.getEntry().toString()).isEqualTo("FlashArrays[1] (" + sim().endpoint("array-b") + ")");
        });
        assertThat(failed).anySatisfy(f -> {
            assertThat(f.getFailure().getReason().toString()).isEqualTo("Malformed");
            assertThat(f.getEntry().toString()).isEqualTo("FlashArrays[2]");
            assertThat(f.getFailure().getMessage().toString()).contains("FlashArrays[2]", "MgmtEndPoint is missing");
        });
        arrays.records().forEach(r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain(badToken));

        putSecretDocument("{\"FlashArrays\":[" + entry(sim().endpoint("array-a"), sim().apiToken("array-a")) + "]}");
        ArrayRemoved removed = events(ArrayRemoved.class, 1).get(0);
        assertThat(removed.getArrayName().toString()).isEqualTo("array-b");
        assertThat(removed.getEndpoint().toString()).isEqualTo(sim().endpoint("array-b"));

        putSecret(sim().endpoint("array-a"), sim().apiToken("array-a"), sim().endpoint("array-b"), sim().apiToken("array-b"));
        List<ArrayRegistered> registered = events(ArrayRegistered.class, 3);
        assertThat(registered).filteredOn(r -> r.getArrayName().toString().equals("array-b")).hasSize(2);
        assertThat(registered).as("array-a never changed").filteredOn(r -> r.getArrayName().toString().equals("array-a"))
                .hasSize(1);
    }

    private void awaitRegistered(int count) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .auth().oauth2("test-token").get("/api/v1/arrays").then().extract().jsonPath()
                .getList("arrays.status", String.class).stream().filter("Registered"::equals).count() == count);
    }

    /** Waits for at least {@code count} events of a type on mooring.arrays and returns all of that type. */
    private <T extends SpecificRecord> List<T> events(Class<T> type, int count) {
        List<ConsumerRecord<String, byte[]>> found = arrays.await(r -> type.isInstance(decode(r)), count, DEADLINE);
        return found.stream().map(r -> type.cast(decode(r))).toList();
    }

    private static SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return EventCodec.instance().decode(record.value());
    }

    private void assertNoTokenIn(String text) {
        for (String array : sim().arrayNames()) {
            for (ApiToken token : sim().config().arrays().stream().filter(a -> a.name().equals(array)).findFirst()
                    .orElseThrow().apiTokens()) {
                assertThat(text).doesNotContain(token.token());
            }
        }
    }

    private void putSecret(String endpointA, String tokenA, String endpointB, String tokenB) {
        putSecretDocument("{\"FlashArrays\":[" + entry(endpointA, tokenA) + "," + entry(endpointB, tokenB) + "]}");
    }

    private void putSecretDocument(String pureJson) {
        kubernetes.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                        .withNewMetadata().withName("px-pure-secret").withNamespace("kube-system").endMetadata()
                        .withData(Map.of("pure.json", Base64.getEncoder()
                                .encodeToString(pureJson.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .createOr(existing -> existing.update());
    }

    private static String entry(String endpoint, String token) {
        return "{\"MgmtEndPoint\":\"" + endpoint + "\",\"APIToken\":\"" + token
                + "\",\"Labels\":{\"topology.portworx.io/zone\":\"zone-0\"}}";
    }

    private static String readonlyToken(String array) {
        return sim().config().arrays().stream().filter(a -> a.name().equals(array)).findFirst().orElseThrow()
                .apiTokens().stream().filter(t -> ApiToken.READONLY.equals(t.role())).findFirst().orElseThrow().token();
    }

    private static FlashArraySimulator sim() {
        return ClusterArraysResource.simulator();
    }
}
