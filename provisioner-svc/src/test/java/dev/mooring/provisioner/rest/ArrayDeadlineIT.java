package dev.mooring.provisioner.rest;

import static dev.mooring.provisioner.rest.VolumeProvisioningIT.api;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.awaitState;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.sim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.ProvisionerTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A volume's array does not answer for longer than {@code mooring.provisioner.unavailable-deadline}: the volume is
 * Failed {@code ArrayUnavailable}, its recorded array stays, and asking for it again goes back to that array even
 * when the other one would now be chosen.
 */
@QuarkusTest
@ProvisionerTestResources
@TestProfile(ArrayDeadlineIT.ShortDeadline.class)
class ArrayDeadlineIT {

    /** Waits two seconds for an array that does not answer. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.provisioner.unavailable-deadline", "2s");
        }
    }

    @AfterEach
    void clearFaults() {
        sim().admin().clearFaults();
    }

    @Test
    void pastTheDeadlineTheVolumeFailsAndARequestAgainGoesBackToItsArray() {
        sim().admin().addFault(FaultSpec.error("POST", "volumes", 503, null));
        Map<String, Object> body = Map.of("name", "deadline", "size", "1Gi", "parameters", Map.of("backend", "pure_block"));
        String location = api().body(body).post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        JsonPath failed = awaitState(location, "Failed");
        assertThat(failed.getString("failure.reason")).isEqualTo("ArrayUnavailable");
        assertThat(failed.getBoolean("failure.retryable")).isTrue();
        String recorded = PoolFixtures.createIntent(id);
        assertThat(failed.getList("arrays", String.class)).containsExactly(recorded);

        // The recorded array answers again but does not report its space: a new choice would take the other one.
        sim().admin().clearFaults();
        sim().admin().addFault(FaultSpec.error("GET", "arrays/space", 503, null).onArray(recorded));
        api().body(body).post("/api/v1/volumes").then().statusCode(202);

        JsonPath ready = awaitState(location, "Ready");
        assertThat(ready.getList("arrays", String.class)).containsExactly(recorded);
        assertThat(sim().arrayNames().stream().flatMap(a -> sim().fleet().volumes(a).stream())
                .filter(v -> v.fullName().equals(ready.getString("arrayVolumeName"))).map(Volume::id).distinct()
                .count()).isEqualTo(1);
    }
}
