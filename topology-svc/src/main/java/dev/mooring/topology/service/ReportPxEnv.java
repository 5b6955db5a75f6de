package dev.mooring.topology.service;

import dev.mooring.topology.domain.PxEnv;
import dev.mooring.topology.repository.PxEnvReport;
import dev.mooring.topology.repository.PxEnvRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * A node agent reports the topology keys of its node's {@code /etc/pwx/px_env}. The report replaces the
 * previous one (a key no longer in the file is no longer set) and is kept even for a node Kubernetes has not
 * shown yet; the node's topology is then derived again, asynchronously, like after any other change.
 */
@ApplicationScoped
public class ReportPxEnv {

    private static final Logger LOG = Logger.getLogger(ReportPxEnv.class);

    @Inject
    PxEnvRepository reports;

    @Inject
    TopologyController controller;

    @Inject
    Clock clock;

    public Uni<PxEnvReport> report(String node, PxEnv env, String correlationId) {
        // Under the node's lock: two first reports of one node at once (to two instances) insert once.
        return Panache.withTransaction(() -> ReconcileNode.lockNode(node).chain(() -> store(node, env, correlationId)))
                .onFailure(ConstraintViolationException.class)
                .recoverWithUni(() -> Panache.withTransaction(() -> store(node, env, correlationId)))
                .invoke(stored -> {
                    LOG.infof("node=%s px_env reported: %s", node, env.values());
                    controller.enqueue(node, correlationId);
                });
    }

    private Uni<PxEnvReport> store(String node, PxEnv env, String correlationId) {
        return reports.findById(node).chain(existing -> {
            PxEnvReport report = existing == null ? new PxEnvReport() : existing;
            report.nodeName = node;
            report.values(env.values());
            report.reportedAt = OffsetDateTime.now(clock);
            report.correlationId = correlationId;
            return existing == null ? reports.persist(report) : Uni.createFrom().item(report);
        });
    }
}
