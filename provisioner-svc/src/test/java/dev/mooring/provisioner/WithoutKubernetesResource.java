package dev.mooring.provisioner;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the provisioner without watching Kubernetes: for ITs that have no Kubernetes API server. */
public class WithoutKubernetesResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mooring.provisioner.kubernetes.enabled", "false");
    }

    @Override
    public void stop() {
    }
}
