package dev.mooring.provisioner.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.provisioner.ProvisionerTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Report-only: an orphan is reported with its age, and left alone however long its grace has been over. */
@QuarkusTest
@ProvisionerTestResources
@TestProfile(InventoryReportOnlyIT.ReportOnly.class)
class InventoryReportOnlyIT {

    /** Report-only, every 300 ms, with a grace of 1 s. */
    public static class ReportOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.inventory.interval", "300ms", "mooring.inventory.grace", "1s",
                    "mooring.inventory.report-only", "true");
        }
    }

    @Test
    void anOrphanIsReportedAndNeverDestroyed() {
        String leftover = "mooring-kept-" + InventoryIT.hex8();
        InventoryIT.sim().fleet().createVolume("array-a", leftover, 1L << 30, null, null);

        Map<String, Object> reported = await().atMost(InventoryIT.DEADLINE)
                .until(() -> InventoryIT.orphan(leftover, false), Optional::isPresent).orElseThrow();
        assertThat(reported).containsEntry("action", "ReportOnly").containsEntry("reason", "NoVolumeRecord");
        assertThat(reported.get("cleanUpAfter")).isNull();

        // Three graces later, on a run every 300 ms: still there, still reported, older.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> !InventoryIT.sim().fleet().volume("array-a", leftover).destroyed());
        Map<String, Object> later = InventoryIT.orphan(leftover, false).orElseThrow();
        assertThat(later).containsEntry("action", "ReportOnly");
        assertThat(((Number) later.get("ageSeconds")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(InventoryIT.gauge("volume", "array-a")).isGreaterThanOrEqualTo(1);
    }
}
