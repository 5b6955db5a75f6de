package dev.mooring.provisioner.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.kit.inventory.InventoryConfig;
import dev.mooring.kit.inventory.InventoryReconciler;
import dev.mooring.kit.inventory.OrphanBook;
import dev.mooring.provisioner.ProvisionerTestResources;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The real defaults: every 10 minutes, a grace of an hour, cleaning up (not report-only); a first run at start. */
@QuarkusTest
@ProvisionerTestResources
class InventoryDefaultsIT {

    @Inject
    InventoryConfig config;

    @Inject
    InventoryReconciler reconciler;

    @Inject
    OrphanBook book;

    @Test
    void theProvisionerReconcilesItsVolumesWithTheRealDefaults() {
        assertThat(config.enabled()).isTrue();
        assertThat(config.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.reportOnly()).isFalse();
        assertThat(config.keepResolved()).isEqualTo(Duration.ofDays(7));

        // The first run comes at start, not after the first interval.
        await().atMost(InventoryIT.DEADLINE).until(() -> reconciler.job("volumes").orElseThrow().runs() >= 1);
        given().auth().oauth2("test-token").get("/api/v1/orphans").then().statusCode(200);
        given().get("/api/v1/orphans").then().statusCode(401);
    }

    @Test
    void ofTwoInstancesOnlyOneRunsASourceWithinHalfAnInterval() {
        Duration halfInterval = Duration.ofMinutes(5);
        Instant start = Instant.now();

        assertThat(book.claimRun("two-instances", "instance-1", start, halfInterval).await().indefinitely()).isTrue();
        assertThat(book.claimRun("two-instances", "instance-2", start, halfInterval).await().indefinitely()).isFalse();
        assertThat(book.claimRun("two-instances", "instance-2", start.plus(Duration.ofMinutes(4)), halfInterval)
                .await().indefinitely()).isFalse();
        assertThat(book.claimRun("two-instances", "instance-2", start.plus(halfInterval), halfInterval)
                .await().indefinitely()).isTrue();
    }
}
