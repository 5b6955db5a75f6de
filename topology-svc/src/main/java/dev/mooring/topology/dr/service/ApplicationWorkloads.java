package dev.mooring.topology.dr.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What failover, failback and stepping down do to the applications' Kubernetes objects, on this cluster or the
 * paired one (blocking calls to a Kubernetes API). Every operation is idempotent: done twice, it changes nothing more.
 */
public interface ApplicationWorkloads {

    /** The namespaces this domain's MigrationSchedules copy to the other cluster. */
    List<String> scheduledNamespaces();

    /** Records each workload's replicas and scales it to zero; what it scaled, as {@code namespace/Kind/name=N}. */
    List<String> scaleDown(KubernetesClient cluster, Collection<String> namespaces);

    /** Scales the workloads migrated from {@code fromDomain} back to their recorded counts; what it scaled. */
    List<String> scaleUp(KubernetesClient cluster, String fromDomain);

    /** The namespaces holding objects migrated from {@code fromDomain}. */
    List<String> protectedNamespaces(KubernetesClient cluster, String fromDomain);

    /** When the last migration into {@code namespace} of {@code cluster} finished, if one did. */
    Optional<Instant> lastMigration(KubernetesClient cluster, String namespace);

    /** Copies the namespaces' applications from {@code source} to {@code target} now; a summary, or throws. */
    String migrateOnce(KubernetesClient source, KubernetesClient target, String sourceDomain, List<String> namespaces);

    /** A client of the paired cluster's Kubernetes API (its ClusterPair); throws naming what is missing. */
    KubernetesClient pairedCluster(String domain);
}
