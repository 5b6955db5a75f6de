package dev.mooring.flasharray.sim.app;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the simulator runs; reports each array's endpoint and whether it is up. */
@Readiness
@ApplicationScoped
public class SimulatorReadiness implements HealthCheck {
    @Inject
    SimulatorApp app;

    @Override
    public HealthCheckResponse call() {
        FlashArraySimulator sim = app.simulator();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("flasharray-sim");
        if (sim == null) {
            return b.down().withData("reason", app.failure() == null ? "not started" : app.failure()).build();
        }
        b.up();
        sim.admin().state().arrays().forEach(a -> b.withData(a.name(), sim.endpoint(a.name()) + (a.up() ? " up" : " down")));
        return b.build();
    }
}
