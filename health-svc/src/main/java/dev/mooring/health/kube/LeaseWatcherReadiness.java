package dev.mooring.health.kube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the node Leases are listed: before that, every node's heartbeat is unknown to health-svc. */
@Readiness
@ApplicationScoped
public class LeaseWatcherReadiness implements HealthCheck {

    @Inject
    LeaseWatcher watcher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kubernetes-leases").status(watcher.synced()).build();
    }
}
