package dev.mooring.provisioner.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.domain.PoolNames;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a crash, a failed pool or a deleted volume leaves on the arrays is found, reported at once (REST, metric,
 * Kubernetes Event) with its age, and destroyed — never eradicated — once its grace is over; what is not Mooring's by
 * name, or is being provisioned, is never touched. Timers shortened: every 300 ms, a grace of 3 s.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "mooring_provisioner_test"))
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
@TestProfile(InventoryIT.ShortTimers.class)
class InventoryIT {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The reconciler every 300 ms with a grace of 3 s; Events go to the API test server, no watchers run. */
    public static class ShortTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.inventory.interval", "300ms", "mooring.inventory.grace", "3s",
                    "mooring.provisioner.kubernetes.enabled", "false");
        }
    }

    @Inject
    KubernetesClient kubernetes;

    @Test
    void aCrashLeftoverIsReportedAtOnceAndDestroyedAfterTheGraceButNeverEradicated() {
        String leftover = "mooring-crashed-" + hex8();
        String foreign = "customer-db-" + hex8();
        sim().fleet().createVolume("array-a", leftover, 1L << 30, null, null);
        sim().fleet().createVolume("array-a", foreign, 1L << 30, null, null);

        Map<String, Object> reported = await().atMost(DEADLINE).until(() -> orphan(leftover, false), Optional::isPresent)
                .orElseThrow();
        assertThat(sim().fleet().volume("array-a", leftover).destroyed()).as("not before its grace").isFalse();
        assertThat(reported).containsEntry("kind", "volume").containsEntry("array", "array-a")
                .containsEntry("reason", "NoVolumeRecord").containsEntry("action", "CleanUpAfterGrace")
                .containsKeys("firstSeen", "age", "ageSeconds", "cleanUpAfter");
        assertThat(((Number) reported.get("ageSeconds")).longValue()).isLessThan(3);
        assertThat(gauge("volume", "array-a")).isGreaterThanOrEqualTo(1);
        assertThat(awaitEvent("OrphanFound", leftover).getType()).isEqualTo("Warning");

        await().atMost(DEADLINE).until(() -> sim().fleet().volume("array-a", leftover).destroyed());
        Volume destroyed = sim().fleet().volume("array-a", leftover);
        assertThat(destroyed).as("destroyed, not eradicated: still on the array").isNotNull();
        Map<String, Object> done = await().atMost(DEADLINE).until(() -> orphan(leftover, true),
                o -> o.isPresent() && o.get().get("resolvedAt") != null).orElseThrow();
        assertThat(done).containsEntry("action", "Destroyed");
        assertThat(((Number) done.get("ageSeconds")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(orphan(leftover, false)).as("no longer a current orphan").isEmpty();
        assertThat(awaitEvent("OrphanCleanedUp", leftover).getMessage()).contains("never eradicated");

        assertThat(sim().fleet().volume("array-a", foreign).destroyed()).as("not Mooring's by name").isFalse();
        assertThat(orphan(foreign, true)).isEmpty();
    }

    @Test
    void aVolumeBeingProvisionedIsNotAnOrphanWhileAnUnrecordedOneBesideItIsDestroyed() {
        String beingMade = "mooring-in-flight-" + hex8();
        String leftover = "mooring-beside-it-" + hex8();
        // Its create intent is recorded (before the first create call) and the create is not finished.
        PoolFixtures.recordIntent(UUID.randomUUID().toString(), "create-volume", "array-b", beingMade);
        sim().fleet().createVolume("array-b", beingMade, 1L << 30, null, null);
        sim().fleet().createVolume("array-b", leftover, 1L << 30, null, null);

        await().atMost(DEADLINE).until(() -> sim().fleet().volume("array-b", leftover).destroyed());

        assertThat(sim().fleet().volume("array-b", beingMade).destroyed()).isFalse();
        assertThat(orphan(beingMade, true)).isEmpty();
    }

    @Test
    void aStretchedPodsLeftoverVolumeIsOneOrphanOnBothArraysDestroyedOnce() {
        String leftover = "pod1::mooring-pod-leftover-" + hex8();
        sim().fleet().createVolume("array-a", leftover, 1L << 30, null, null);

        Map<String, Object> reported = await().atMost(DEADLINE).until(() -> orphan(leftover, false),
                Optional::isPresent).orElseThrow();
        assertThat(reported).containsEntry("kind", "pod-volume").containsEntry("array", "array-a,array-b");

        await().atMost(DEADLINE).until(() -> sim().fleet().volume("array-b", leftover).destroyed());
        assertThat(sim().fleet().volume("array-a", leftover).destroyed()).isTrue();
        Map<String, Object> done = await().atMost(DEADLINE).until(() -> orphan(leftover, true),
                o -> o.isPresent() && "Destroyed".equals(o.get().get("action"))).orElseThrow();
        assertThat((String) done.get("actionDetail")).contains("Destroyed on array-a");
    }

    @Test
    void aFailedPoolsDrivesAreReclaimedAndALivePoolsAreNot() {
        String failedDrive = PoolNames.driveName("mooring", "pool-failed-" + hex8(), 0);
        String liveDrive = PoolNames.driveName("mooring", "pool-live-" + hex8(), 0);
        String removedDrive = PoolNames.driveName("mooring", "pool-removed-" + hex8(), 1);
        String failedPool = "pool-f-" + hex8();
        String livePool = "pool-l-" + hex8();
        PoolFixtures.poolWithDrives(failedPool, "node-f", "Failed", Map.of(failedDrive, "array-b"));
        PoolFixtures.poolWithDrives(livePool, "node-l", "Online", Map.of(liveDrive, "array-b"));
        List.of(failedDrive, liveDrive, removedDrive)
                .forEach(drive -> sim().fleet().createVolume("array-b", drive, 150L << 30, null, null));

        Map<String, Object> reported = await().atMost(DEADLINE).until(() -> orphan(failedDrive, false),
                Optional::isPresent).orElseThrow();
        assertThat(reported).containsEntry("kind", "drive").containsEntry("reason", "PoolFailed");
        assertThat((String) reported.get("message")).contains(failedPool);
        assertThat(await().atMost(DEADLINE).until(() -> orphan(removedDrive, false), Optional::isPresent).orElseThrow())
                .containsEntry("reason", "NoDriveRecord");

        await().atMost(DEADLINE).until(() -> sim().fleet().volume("array-b", failedDrive).destroyed()
                && sim().fleet().volume("array-b", removedDrive).destroyed());
        assertThat(sim().fleet().volume("array-b", liveDrive).destroyed()).isFalse();
        assertThat(orphan(liveDrive, true)).isEmpty();
    }

    static Optional<Map<String, Object>> orphan(String name, boolean all) {
        List<Map<String, Object>> orphans = given().auth().oauth2("test-token").queryParam("all", all)
                .get("/api/v1/orphans").then().statusCode(200).extract().jsonPath().getList("$");
        return orphans.stream().filter(o -> name.equals(o.get("name"))).findFirst();
    }

    static long gauge(String kind, String array) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("mooring_inventory_orphans\\{array=\"" + array + "\",kind=\"" + kind
                + "\",?}\\s+([0-9.]+)").matcher(metrics);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
    }

    private Event awaitEvent(String reason, String objectName) {
        return await().atMost(DEADLINE).until(() -> kubernetes.v1().events().inNamespace("default").list().getItems()
                        .stream().filter(e -> reason.equals(e.getReason()) && e.getMessage().contains(objectName))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    static String hex8() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static FlashArraySimulator sim() {
        return SimulatorResource.simulator();
    }
}
