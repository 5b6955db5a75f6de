package dev.mooring.agent.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: the same answer as the CSI Probe (ready once reconciled with attach-svc). */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    @Inject
    NodeAgent agent;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mooring-node-agent").status(agent.gate().ready())
                .withData("state", agent.gate().reason()).withData("sockets", agent.sockets().toString()).build();
    }
}
