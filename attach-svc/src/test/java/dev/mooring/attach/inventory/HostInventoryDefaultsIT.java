package dev.mooring.attach.inventory;

import static dev.mooring.attach.Scene.api;
import static dev.mooring.attach.Scene.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.kit.inventory.InventoryConfig;
import dev.mooring.kit.inventory.InventoryReconciler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** attach-svc reconciles its hosts and connections with the real defaults, its first run at start. */
@QuarkusTest
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class HostInventoryDefaultsIT {

    @Inject
    InventoryConfig config;

    @Inject
    InventoryReconciler reconciler;

    @Test
    void theHostsAreReconciledWithTheRealDefaults() {
        assertThat(config.enabled()).isTrue();
        assertThat(config.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.reportOnly()).isFalse();

        await().until(() -> reconciler.job("hosts").orElseThrow().runs() >= 1);
        api().get("/api/v1/orphans").then().statusCode(200);
    }
}
