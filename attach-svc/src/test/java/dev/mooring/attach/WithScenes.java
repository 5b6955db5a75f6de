package dev.mooring.attach;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the drive, takeover, recovery and path ITs start from: a fresh {@link Scene} (nodes, volumes) and
 * {@link StorageScene} (drives on the simulated arrays) per test, closed after it. Abstract: not a test itself.
 */
public abstract class WithScenes {

    @Inject
    protected KubernetesClient kube;

    protected Scene scene;
    protected StorageScene storage;

    @BeforeEach
    void arrangeScenes() {
        scene = new Scene(kube);
        storage = new StorageScene();
    }

    @AfterEach
    void tidyScenes() {
        storage.close();
        scene.close();
    }
}
