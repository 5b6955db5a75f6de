package dev.mooring.provisioner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.ProvisionerTestResources;
import dev.mooring.testing.SimulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user requests volumes over REST and finds them on the (simulated) FlashArrays, through Kafka. */
@QuarkusTest
@ProvisionerTestResources
class VolumeProvisioningIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @AfterEach
    void clearFaults() {
        sim().admin().clearFaults();
    }

    @Test
    void aRequestedVolumeIsCreatedOnTheArrayWithTheMostFreeCapacity() {
        // array-a holds data already, so array-b has more free capacity.
        sim().fleet().createVolume("array-a", "existing-data", 100L << 30, null, null);
        sim().admin().setWrittenBytes("array-a", "existing-data", 50L << 30);

        String location = api().body(Map.of("name", "orders-db", "size", "10Gi",
                        "parameters", Map.of("backend", "pure_block", "max_iops", 5000, "max_bandwidth", "1G")))
                .post("/api/v1/volumes")
                .then().statusCode(202).header("Location", containsString("/api/v1/volumes/"))
                .body("state", equalTo("Pending")).body("size", equalTo("10Gi"))
                .extract().header("Location");

        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("arrays", String.class)).containsExactly("array-b");
        Volume onArray = sim().fleet().volume("array-b", ready.getString("arrayVolumeName"));
        assertThat(onArray.provisioned()).isEqualTo(10L << 30);
        assertThat(onArray.serial()).isEqualTo(ready.getString("serial"));
        assertThat(onArray.iopsLimit()).isEqualTo(5000L);
        assertThat(onArray.bandwidthLimit()).isEqualTo(1L << 30);
        assertThat(ready.getString("arrayVolumeName")).startsWith("mooring-orders-db-");
    }

    @Test
    void aRetriedRequestNeverCreatesASecondArrayVolume() {
        Map<String, Object> body = Map.of("name", "retried", "size", "1Gi", "parameters", Map.of("backend", "pure_block"));
        String first = api().body(body).post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        String again = api().body(body).post("/api/v1/volumes").then().statusCode(200).extract().header("Location");
        assertThat(again).isEqualTo(first);

        JsonPath ready = awaitState(first, "Ready");
        String afterReady = api().body(body).post("/api/v1/volumes").then().statusCode(200).extract().header("Location");

        assertThat(afterReady).isEqualTo(first);
        assertThat(volumesOnAllArraysNamed(ready.getString("arrayVolumeName"))).isEqualTo(1);
        api().body(Map.of("name", "retried", "size", "2Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already exists with size 1Gi"));
    }

    @Test
    void aVolumeInAStretchedPodExistsOnBothArrays() {
        String location = api().body(Map.of("name", "vm-disk", "size", "20Gi",
                        "parameters", Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath ready = awaitState(location, "Ready");

        String name = ready.getString("arrayVolumeName");
        assertThat(name).startsWith("pod1::mooring-vm-disk-");
        assertThat(ready.getList("arrays", String.class)).containsExactly("array-a", "array-b");
        assertThat(sim().fleet().volume("array-a", name).serial())
                .isEqualTo(sim().fleet().volume("array-b", name).serial())
                .isEqualTo(ready.getString("serial"));
    }

    @Test
    void aPodThatDoesNotExistFailsTheVolumeWithAReasonThatNamesIt() {
        String location = api().body(Map.of("name", "lost", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block", "pure_fa_pod_name", "no-such-pod")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath failed = awaitState(location, "Failed");

        assertThat(failed.getString("failure.reason")).isEqualTo("PodNotFound");
        assertThat(failed.getString("failure.message"))
                .contains("no-such-pod").contains("array-a").contains("array-b");
    }

    @Test
    void anArrayErrorAfterTheVolumeWasMadeStillEndsInExactlyOneVolume() {
        // The array creates the volume, then answers 500: the provisioner must look before trying again.
        sim().admin().addFault(FaultSpec.error("POST", "volumes", 500, 1).after().withMessage("Server is busy"));
        // And a dropped answer on the next try of another kind: 503 before anything happened.
        sim().admin().addFault(FaultSpec.error("GET", "volumes", 503, 1));

        String location = api().body(Map.of("name", "flaky", "size", "1Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");

        JsonPath ready = awaitState(location, "Ready");
        assertThat(volumesOnAllArraysNamed(ready.getString("arrayVolumeName"))).isEqualTo(1);
    }

    @Test
    void aVolumeWhoseArrayDoesNotAnswerWaitsForThatArrayAndNeverMovesToTheOther() {
        // Every create is answered 503 (it may have happened), on both arrays: the volume's array is chosen and
        // recorded before the first create, and the job keeps trying it.
        Map<String, String> createFails = new java.util.HashMap<>();
        sim().arrayNames().forEach(array -> createFails.put(array,
                sim().admin().addFault(FaultSpec.error("POST", "volumes", 503, null).onArray(array))));
        String location = api().body(Map.of("name", "stranded", "size", "1Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        Awaitility.await().atMost(DEADLINE).until(() -> PoolFixtures.createIntent(id) != null);
        String chosen = PoolFixtures.createIntent(id);
        String other = sim().arrayNames().stream().filter(a -> !a.equals(chosen)).findFirst().orElseThrow();

        // Now the other array would take it, and the chosen one does not even report its space (so any new choice
        // would go to the other one): the job keeps running, and the volume still waits for its own array.
        sim().admin().removeFault(createFails.get(other));
        sim().admin().addFault(FaultSpec.error("GET", "arrays/space", 503, null).onArray(chosen));
        Awaitility.await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "Pending".equals(api().get(location).then().extract().path("state"))
                        && arraysHolding("mooring-stranded-").isEmpty());

        sim().admin().clearFaults();
        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("arrays", String.class)).containsExactly(chosen);
        assertThat(volumesOnAllArraysNamed(ready.getString("arrayVolumeName"))).isEqualTo(1);
    }

    @Test
    void deletingAVolumeDestroysItOnTheArrayWhereItStaysRecoverable() {
        String location = api().body(Map.of("name", "short-lived", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        JsonPath ready = awaitState(location, "Ready");
        String array = ready.getList("arrays", String.class).get(0);

        api().delete(location).then().statusCode(202).body("state", equalTo("Deleting"));

        awaitState(location, "Deleted");
        Volume destroyed = sim().fleet().volume(array, ready.getString("arrayVolumeName"));
        assertThat(destroyed.destroyed()).as("destroyed, pending eradication").isTrue();
        api().delete(location).then().statusCode(202).body("state", equalTo("Deleted"));
        // The name is free again for a new volume.
        api().body(Map.of("name", "short-lived", "size", "1Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202);
    }

    @Test
    void growingAVolumeOverTheApiResizesItOnTheArrayAndRefusesWhatCannotBe() {
        String location = api().body(Map.of("name", "growing", "size", "1Gi",
                        "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        JsonPath ready = awaitState(location, "Ready");
        String array = ready.getList("arrays", String.class).get(0);

        api().body(Map.of("size", "512Mi")).patch(location).then().statusCode(400)
                .body("errors[0].field", equalTo("size")).body("errors[0].reason", containsString("only grows"));
        api().body(Map.of("size", "two gigs")).patch(location).then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        api().body("{}").patch(location).then().statusCode(400).body("errors[0].field", equalTo("size"));
        api().body(Map.of("size", "2Gi")).patch("/api/v1/volumes/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404);

        api().body(Map.of("size", "2Gi")).patch(location).then().statusCode(202)
                .body("resizeRequestedBytes", equalTo(2147483648L));
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> api().get(location).then()
                .body("sizeBytes", equalTo(2147483648L)).body("size", equalTo("2Gi"))
                .body("$", not(hasKey("resizeRequestedBytes"))));
        assertThat(sim().fleet().volume(array, ready.getString("arrayVolumeName")).provisioned())
                .as("the array volume's size").isEqualTo(2147483648L);
        // Asking again for the size it has is refused as not larger, not done twice.
        api().body(Map.of("size", "2Gi")).patch(location).then().statusCode(400);
    }

    @Test
    void badInputIsRefusedWithAProblemNamingEachField() {
        api().body(Map.of("size", "10Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name"));
        api().body(Map.of("name", "x", "size", "ten gigs", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors[0].field", equalTo("size")).body("errors[0].reason", containsString("not a quantity"));
        api().body(Map.of("name", "x", "size", "-1Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors[0].reason", containsString("must not be negative"));
        api().body(Map.of("name", "x", "size", "10Ei", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors[0].reason", containsString("larger than a FlashArray volume can be"));
        api().body(Map.of("name", "x", "size", "1Gi", "parameters", Map.of("backend", "ceph")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters.backend"))
                .body("errors[0].reason", containsString("unknown backend 'ceph'"));
        api().body(Map.of("name", "x", "size", "1Gi", "parameters", Map.of("backend", "pure_block", "max_iops", 50,
                        "max_bandwidth", "1T")))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("errors.field", hasItems("parameters.max_iops", "parameters.max_bandwidth"));
        api().body("{\"name\":\"x\",\"size\":\"1Gi\",\"parameters\":{\"backend\":\"pure_block\"},\"extra\":")
                .post("/api/v1/volumes").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theApiNeedsTheBearerToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "size", "1Gi"))
                .post("/api/v1/volumes").then().statusCode(401);
        given().get("/api/v1/volumes").then().statusCode(401);
    }

    @Test
    void unknownVolumesAreNotFound() {
        api().get("/api/v1/volumes/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("detail", containsString("does not exist"));
        api().get("/api/v1/volumes/not-a-uuid").then().statusCode(404);
        api().get("/api/v1/volumes?state=Sleeping").then().statusCode(400).body("errors[0].field", equalTo("state"));
    }

    static RequestSpecification api() {
        return given().auth().oauth2("test-token").contentType(ContentType.JSON);
    }

    static JsonPath awaitState(String location, String state) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> state.equals(api().get(location).then().statusCode(200).extract().path("state")));
        return api().get(location).then().extract().jsonPath();
    }

    static FlashArraySimulator sim() {
        return SimulatorResource.simulator();
    }

    /** The arrays holding a live volume whose name starts with {@code prefix}. */
    private static List<String> arraysHolding(String prefix) {
        return sim().arrayNames().stream().filter(array -> sim().fleet().volumes(array).stream()
                .anyMatch(v -> v.fullName().startsWith(prefix) && !v.destroyed())).toList();
    }

    private static long volumesOnAllArraysNamed(String arrayVolumeName) {
        return sim().arrayNames().stream()
                .flatMap(array -> sim().fleet().volumes(array).stream())
                .filter(v -> v.fullName().equals(arrayVolumeName))
                .map(Volume::id).distinct().count();
    }
}
