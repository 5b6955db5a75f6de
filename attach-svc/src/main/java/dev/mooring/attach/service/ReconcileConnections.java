package dev.mooring.attach.service;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.ConnectionReconciliation;
import dev.mooring.attach.domain.ConnectionReconciliation.Repair;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The reconciliation loop, a periodic job of the kit (one pass at a time; {@code POST /reconciliations} runs one
 * now). Each pass reads every registered array's connections first and attach-svc's own state second
 * ({@link ReconcileInputs}), lets {@link ConnectionReconciliation} decide, and repairs ({@link RepairConnection}): a
 * wanted connection removed by hand is restored, a connection of a Mooring volume to a Mooring host that nothing
 * wants is removed — each reported as {@code ConnectionHealed} and counted in {@code mooring.connections.healed}.
 * The pass also asks again for detaches that could not finish and VolumeAttachments whose attach failed
 * ({@link RetryStalledWork}), and brings hosts' initiators in line with their nodes ({@link SyncNodeHosts}).
 */
@ApplicationScoped
public class ReconcileConnections {

    private static final Logger LOG = Logger.getLogger(ReconcileConnections.class);

    @Inject
    ReconcileInputs inputs;

    @Inject
    RepairConnection repairs;

    @Inject
    RetryStalledWork retries;

    @Inject
    SyncNodeHosts syncHosts;

    @Inject
    BackgroundWork background;

    @Inject
    AttachConfig config;

    private PeriodicJob loop;

    /** What one pass did. */
    public record Report(String passId, List<String> arraysRead, List<Repair> repairs, int detachesRetried,
                         int attachesRetried, int hostsUpdated, boolean skipped) {
    }

    void start(@Observes StartupEvent event) {
        if (!config.reconcile().enabled()) {
            LOG.info("Reconciliation loop off (mooring.attach.reconcile.enabled=false); passes run only on request");
        }
        // Made even when off: a pass on request still runs one at a time.
        loop = background.periodic("reconcile-connections", config.reconcile().interval(),
                () -> config.reconcile().enabled() ? run().replaceWithVoid() : Uni.createFrom().voidItem());
    }

    /** Runs one pass now; skipped when one is running. */
    public Uni<Report> pass() {
        return loop.runNow(this::run).map(report -> report.orElseGet(() ->
                new Report(null, List.of(), List.of(), 0, 0, 0, true)));
    }

    private Uni<Report> run() {
        String passId = "reconcile-" + UUID.randomUUID();
        MDC.put("correlationId", passId);
        return inputs.arrays().chain(read -> inputs.state().chain(state -> {
            List<Repair> plan = ConnectionReconciliation.plan(ReconcileInputs.snapshot(read, state));
            List<String> arraysRead = read.stream().filter(r -> r.connections() != null)
                    .map(ReconcileInputs.ArrayRead::array).toList();
            return repairAll(plan, state, passId)
                    .chain(done -> retries.detaches().chain(detaches -> retries.attaches()
                            .chain(attaches -> syncHosts.syncAll(state.hosts()).map(synced -> new Report(passId,
                                    arraysRead, done, detaches, attaches, synced, false)))));
        })).invoke(report -> {
            if (!report.repairs().isEmpty() || report.detachesRetried() > 0 || report.attachesRetried() > 0
                    || report.hostsUpdated() > 0) {
                LOG.infof("Reconciliation %s: %d repair(s) %s, %d detach(es) and %d attach(es) tried again,"
                                + " %d host(s) updated", passId, report.repairs().size(), report.repairs(),
                        report.detachesRetried(), report.attachesRetried(), report.hostsUpdated());
            }
        });
    }

    private Uni<List<Repair>> repairAll(List<Repair> plan, ReconcileInputs.State state, String passId) {
        Uni<List<Repair>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Repair r : plan) {
            chain = chain.chain(done -> repairs.repair(r, state, passId)
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("volume=%s node=%s array=%s host=%s not %s: %s", r.volumeId(), r.node(), r.array(),
                                r.host(), r.action(), e.getMessage());
                        return false;
                    })
                    .map(made -> {
                        if (made) {
                            done.add(r);
                        }
                        return done;
                    }));
        }
        return chain;
    }
}
