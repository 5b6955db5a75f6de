package dev.mooring.topology.kube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the Nodes of the cluster are listed: before that, topology-svc knows no node. */
@Readiness
@ApplicationScoped
public class NodeWatcherReadiness implements HealthCheck {

    @Inject
    NodeWatcher watcher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kubernetes-nodes")
                .status(watcher.synced())
                .withData("nodes", watcher.nodeCount())
                .build();
    }
}
