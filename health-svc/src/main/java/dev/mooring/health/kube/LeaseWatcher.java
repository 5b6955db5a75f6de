package dev.mooring.health.kube;

import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.service.HeartbeatTracker;
import dev.mooring.health.service.WatchHealthSource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Follows the kubelets' node Leases ({@code coordination.k8s.io/v1} in {@code kube-node-lease}, one per node,
 * named after it). A renewal — {@code spec.renewTime} advancing — is a heartbeat, timed when it is observed
 * (as Kubernetes' node lifecycle controller does, so a node's clock skew does not matter). A Lease seen for
 * the first time (the informer's first list after a restart) counts at its own renewTime, capped at now: a
 * dead node's stale Lease must not look like a fresh heartbeat.
 */
@ApplicationScoped
public class LeaseWatcher implements WatchHealthSource {

    private static final Logger LOG = Logger.getLogger(LeaseWatcher.class);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    private volatile SharedIndexInformer<Lease> informer;
    private volatile boolean synced;
    private volatile WatchObserver observer;

    @PostConstruct
    void init() {
        observer = new WatchObserver("lease", clock, true);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.kubernetes().enabled()) {
            LOG.info("Not watching node Leases (mooring.health.kubernetes.enabled=false): heartbeats come from node agents");
            return;
        }
        SharedIndexInformer<Lease> leases = kubernetes.leases().inNamespace(config.kubernetes().leaseNamespace())
                .runnableInformer(config.kubernetes().resync().toMillis());
        leases.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                observer.delivered(null, lease);
                Instant renewed = renewTime(lease);
                if (renewed != null) {
                    tracker.beat(lease.getMetadata().getName(), renewed, HeartbeatTracker.LEASE);
                }
            }

            @Override
            public void onUpdate(Lease before, Lease after) {
                observer.delivered(before, after);
                Instant renewed = renewTime(after);
                if (renewed != null && !Objects.equals(renewed, renewTime(before))) {
                    tracker.beat(after.getMetadata().getName(), clock.instant(), HeartbeatTracker.LEASE);
                }
            }

            @Override
            public void onDelete(Lease lease, boolean finalStateUnknown) {
                observer.delivered(null, lease);
                // A deleted Lease renews no more: silence does the rest.
            }
        });
        InformerRetries.keepRetrying(leases, "node Leases");
        informer = leases;
        observer.follow(leases);
        leases.start().whenComplete((ignored, error) -> {
            if (error == null) {
                synced = true;
                observer.listed();
                LOG.infof("Watching node Leases in %s: %d listed", config.kubernetes().leaseNamespace(),
                        leases.getStore().list().size());
            } else {
                LOG.errorf("Cannot watch node Leases: %s", error.toString());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        SharedIndexInformer<Lease> current = informer;
        if (current != null) {
            current.close();
        }
    }

    /** The Lease watch's view of the API server; empty when Leases are not watched. */
    @Override
    public Optional<TakeoverGate.WatchHealth> health() {
        return config.kubernetes().enabled() ? Optional.of(observer.health()) : Optional.empty();
    }

    public boolean synced() {
        return synced || !config.kubernetes().enabled();
    }

    static Instant renewTime(Lease lease) {
        if (lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return null;
        }
        return lease.getSpec().getRenewTime().toInstant();
    }
}
