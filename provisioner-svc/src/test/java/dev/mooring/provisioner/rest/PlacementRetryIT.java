package dev.mooring.provisioner.rest;

import static dev.mooring.provisioner.PoolFixtures.PoolSpec.online;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.api;
import static dev.mooring.provisioner.rest.VolumeProvisioningIT.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.ProvisionerTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safety net: room that appears without anyone saying so (here a pool written straight into the table, no
 * {@code PoolCapacityChanged}) is found by the periodic retry.
 */
@QuarkusTest
@ProvisionerTestResources
@TestProfile(PlacementRetryIT.ShortRetry.class)
class PlacementRetryIT {

    /** Retries placement every half second. */
    public static class ShortRetry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.provisioner.placement.retry-interval", "500ms");
        }
    }

    @Test
    void aVolumeThatCouldNotBePlacedIsPlacedByThePeriodicRetry() {
        PoolFixtures.clear();
        String location = api().body(Map.of("name", "found-by-the-timer", "size", "1Gi", "parameters", Map.of()))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        assertThat(awaitState(location, "Failed").getString("failure.message"))
                .isEqualTo("Cannot place 1 replica of 1Gi: no storage pool is Online");

        PoolFixtures.add(online("quiet-pool", "node-1", "zone-a", 10, "array-a"));

        assertThat(awaitState(location, "Ready").getList("replicas.pool", String.class)).containsExactly("quiet-pool");
    }
}
