package dev.mooring.topology.dr.migration;

import dev.mooring.topology.dr.migration.domain.LastMigration;
import dev.mooring.topology.dr.migration.domain.MigrationResult;
import dev.mooring.topology.dr.migration.domain.ScaledWorkload;
import dev.mooring.topology.dr.migration.kube.ApplicationMigration;
import dev.mooring.topology.dr.migration.kube.ObjectCopies;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What failover and failback do with migrated applications: start the copies in the cluster taking over
 * ({@link #scaleUp}), stop the applications in the cluster giving up ({@link #scaleDown}), migrate once on demand
 * ({@link #migrateOnce}), and read how old a namespace's last migration is ({@link #lastMigration}). Blocking
 * (fabric8); call it from a worker thread.
 */
@ApplicationScoped
public class MigratedWorkloads {

    private final ApplicationMigration migration;

    @Inject
    public MigratedWorkloads(MigrationConfig config, Clock clock) {
        this(Set.copyOf(config.drivers()), clock);
    }

    public MigratedWorkloads(Set<String> drivers, Clock clock) {
        this.migration = new ApplicationMigration(drivers, clock);
    }

    /**
     * Scales every Deployment and StatefulSet labelled as migrated from {@code fromDomain} to the replicas recorded
     * on it; returns those it changed (none the second time).
     */
    public List<ScaledWorkload> scaleUp(KubernetesClient cluster, String fromDomain) {
        List<ScaledWorkload> scaled = new ArrayList<>();
        List<HasMetadata> workloads = new ArrayList<>();
        workloads.addAll(cluster.apps().deployments().inAnyNamespace().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain)
                .list().getItems());
        workloads.addAll(cluster.apps().statefulSets().inAnyNamespace().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain)
                .list().getItems());
        for (HasMetadata workload : workloads) {
            var recorded = ObjectCopies.recordedReplicas(workload);
            if (recorded.isPresent() && replicas(workload) != recorded.getAsInt()) {
                patch(cluster, workload, Map.of("spec", Map.of("replicas", recorded.getAsInt())));
                scaled.add(scaledTo(workload, recorded.getAsInt()));
            }
        }
        return scaled;
    }

    /**
     * Records each Deployment's and StatefulSet's replicas in {@code dr.mooring.dev/replicas} and scales it to 0, in
     * the namespaces given; returns those it changed (a workload at 0 with its count recorded is left alone).
     */
    public List<ScaledWorkload> scaleDown(KubernetesClient cluster, Collection<String> namespaces) {
        List<ScaledWorkload> scaled = new ArrayList<>();
        for (String namespace : namespaces) {
            List<HasMetadata> workloads = new ArrayList<>();
            workloads.addAll(cluster.apps().deployments().inNamespace(namespace).list().getItems());
            workloads.addAll(cluster.apps().statefulSets().inNamespace(namespace).list().getItems());
            for (HasMetadata workload : workloads) {
                int now = replicas(workload);
                if (now == 0 && ObjectCopies.recordedReplicas(workload).isPresent()) {
                    continue;
                }
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("metadata", Map.of("annotations", Map.of(ObjectCopies.REPLICAS, String.valueOf(now))));
                change.put("spec", Map.of("replicas", 0));
                patch(cluster, workload, change);
                scaled.add(scaledTo(workload, 0));
            }
        }
        return scaled;
    }

    /** Migrates {@code namespaces} from {@code source} to {@code target} now (failback migrates back with it). */
    public MigrationResult migrateOnce(KubernetesClient source, KubernetesClient target, String sourceDomain,
                                       List<String> namespaces) {
        return migration.run(source, target, sourceDomain, namespaces, ApplicationMigration.Progress.NONE);
    }

    /** The last migration that completed into {@code namespace} of {@code cluster}, if any. */
    public Optional<LastMigration> lastMigration(KubernetesClient cluster, String namespace) {
        ConfigMap marker = cluster.configMaps().inNamespace(namespace).withName(ApplicationMigration.MARKER).get();
        if (marker == null || marker.getData() == null) {
            return Optional.empty();
        }
        Map<String, String> data = marker.getData();
        try {
            return Optional.of(new LastMigration(data.get("domain"), data.get("run"),
                    Instant.parse(data.get("finishedAt"))));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty(); // not ours, or edited by hand: no proof of a migration
        }
    }

    /** The namespaces of {@code cluster} that hold objects migrated from {@code fromDomain}. */
    public Set<String> protectedNamespaces(String fromDomain, KubernetesClient cluster) {
        Set<String> namespaces = new TreeSet<>();
        cluster.namespaces().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain).list().getItems()
                .forEach(n -> namespaces.add(n.getMetadata().getName()));
        Stream.of(cluster.apps().deployments().inAnyNamespace().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain)
                                .list().getItems().stream().map(HasMetadata.class::cast),
                        cluster.apps().statefulSets().inAnyNamespace().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain)
                                .list().getItems().stream().map(HasMetadata.class::cast),
                        cluster.persistentVolumeClaims().inAnyNamespace().withLabel(ObjectCopies.MIGRATED_FROM, fromDomain)
                                .list().getItems().stream().map(HasMetadata.class::cast))
                .flatMap(s -> s).forEach(o -> namespaces.add(o.getMetadata().getNamespace()));
        return namespaces;
    }

    private static int replicas(HasMetadata workload) {
        Integer replicas = workload instanceof Deployment d ? d.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static void patch(KubernetesClient cluster, HasMetadata workload, Map<String, Object> change) {
        String body = Serialization.asJson(change);
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        if (workload instanceof Deployment) {
            cluster.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), body);
        } else {
            cluster.apps().statefulSets().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), body);
        }
    }

    private static ScaledWorkload scaledTo(HasMetadata workload, int replicas) {
        return new ScaledWorkload(workload.getMetadata().getNamespace(), workload.getKind(),
                workload.getMetadata().getName(), replicas);
    }
}
