package dev.mooring.provisioner;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs the provisioner without watching Kubernetes and without recording Events: for ITs that have no Kubernetes API
 * server (an Event recorded there would be retried against nothing until shutdown).
 */
public class WithoutKubernetesResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mooring.provisioner.kubernetes.enabled", "false", "mooring.kube-events.enabled", "false");
    }

    @Override
    public void stop() {
    }
}
