package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.domain.Pairing;
import dev.mooring.topology.dr.migration.MigratedWorkloads;
import dev.mooring.topology.dr.migration.domain.MigrationResult;
import dev.mooring.topology.dr.migration.domain.ScaledWorkload;
import dev.mooring.topology.dr.migration.service.MigrationScheduler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Failover's and failback's hands on the applications: the migration engine ({@link MigratedWorkloads}) on this
 * cluster, or on the other one through the pairing Secret's {@code kubeconfig} (kept while the kubeconfig is the
 * same; a rotated one makes a new client).
 */
@ApplicationScoped
public class MigrationWorkloads implements ApplicationWorkloads {

    @Inject
    MigratedWorkloads workloads;

    @Inject
    MigrationScheduler schedules;

    @Inject
    PeerDomain peer;

    private String kubeconfigInUse;
    private KubernetesClient paired;

    @Override
    public List<String> scheduledNamespaces() {
        return schedules.scheduledNamespaces();
    }

    @Override
    public List<String> scaleDown(KubernetesClient cluster, Collection<String> namespaces) {
        return describe(workloads.scaleDown(cluster, namespaces));
    }

    @Override
    public List<String> scaleUp(KubernetesClient cluster, String fromDomain) {
        return describe(workloads.scaleUp(cluster, fromDomain));
    }

    @Override
    public List<String> protectedNamespaces(KubernetesClient cluster, String fromDomain) {
        return List.copyOf(workloads.protectedNamespaces(fromDomain, cluster));
    }

    @Override
    public Optional<Instant> lastMigration(KubernetesClient cluster, String namespace) {
        return workloads.lastMigration(cluster, namespace).map(last -> last.finishedAt());
    }

    @Override
    public String migrateOnce(KubernetesClient source, KubernetesClient target, String sourceDomain, List<String> namespaces) {
        MigrationResult result = workloads.migrateOnce(source, target, sourceDomain, namespaces);
        if (!result.completed()) {
            throw new IllegalStateException("the migration to the other cluster did not complete: " + result.outcome()
                    + (result.message() == null ? "" : " (" + result.message() + ")"));
        }
        return "migrated " + namespaces + ": " + result.outcome() + ", " + result.objects() + " objects"
                + (result.unprotected().isEmpty() ? "" : ", not protected: " + result.unprotected());
    }

    @Override
    public synchronized KubernetesClient pairedCluster(String domain) {
        Pairing pairing = peer.pairing();
        if (!pairing.domain().equals(domain)) {
            throw new IllegalStateException("the pairing Secret names " + pairing.domain() + ", not " + domain);
        }
        String kubeconfig = pairing.kubeconfig().orElseThrow(() -> new IllegalStateException(
                "the pairing Secret has no kubeconfig key: the other cluster's API cannot be reached"));
        if (paired == null || !kubeconfig.equals(kubeconfigInUse)) {
            if (paired != null) {
                paired.close();
            }
            paired = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
            kubeconfigInUse = kubeconfig;
        }
        return paired;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (paired != null) {
            paired.close();
        }
    }

    private static List<String> describe(List<ScaledWorkload> scaled) {
        List<String> lines = new ArrayList<>();
        scaled.forEach(w -> lines.add(w.namespace() + "/" + w.kind() + "/" + w.name() + "=" + w.replicas()));
        return lines;
    }
}
