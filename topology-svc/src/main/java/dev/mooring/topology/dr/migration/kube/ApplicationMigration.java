package dev.mooring.topology.dr.migration.kube;

import dev.mooring.topology.dr.migration.domain.MigrationResult;
import dev.mooring.topology.dr.migration.domain.Outcome;
import dev.mooring.topology.dr.migration.domain.Stage;
import dev.mooring.topology.dr.migration.domain.UnprotectedClaim;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One migration run from a source cluster to its pair: Volumes (each namespace, then the PVs and PVCs whose volume
 * the pair reaches — an ActiveCluster pod — while every other PVC is reported unprotected), Applications
 * (ConfigMaps, Secrets, Services, Deployments, StatefulSets) and Final (the {@code mooring-dr-migration} ConfigMap
 * that says when this namespace was last migrated, written only when nothing failed). Every write is create or
 * replace, and an object whose copy is already what the source says is not written at all, so a repeated or an
 * interrupted run converges.
 */
public final class ApplicationMigration {

    private static final Logger LOG = Logger.getLogger(ApplicationMigration.class);

    /** The ConfigMap the Final stage writes in each target namespace. */
    public static final String MARKER = "mooring-dr-migration";
    /** The ActiveCluster pod of a Mooring PV (provisioner-svc's PersistentVolumes#attributes). */
    static final String POD_ATTRIBUTE = "pod";
    private static final Set<String> SKIPPED_CONFIG_MAPS = Set.of("kube-root-ca.crt", MARKER);
    private static final int MESSAGE_ITEMS = 5;

    /** Told as each stage is done (the scheduler records an Event per stage). */
    public interface Progress {
        Progress NONE = (stage, message) -> {
        };

        void stageDone(Stage stage, String message);
    }

    private final Set<String> drivers;
    private final Clock clock;

    public ApplicationMigration(Set<String> drivers, Clock clock) {
        this.drivers = Set.copyOf(drivers);
        this.clock = clock;
    }

    /** Runs the three stages now; never throws: a failure is the result's outcome and message. */
    public MigrationResult run(KubernetesClient source, KubernetesClient target, String sourceDomain,
                               List<String> namespaces, Progress progress) {
        Run run = new Run(source, target, sourceDomain, UUID.randomUUID().toString(), Instant.now(clock));
        Stage stage = Stage.Volumes;
        try {
            run.volumes(namespaces);
            progress.stageDone(stage, run.volumesMessage());
            stage = Stage.Applications;
            run.applications(namespaces);
            progress.stageDone(stage, run.written.summary() + run.errorsMessage());
            if (!run.errors.isEmpty()) {
                return run.result(stage, Outcome.Failed);
            }
            stage = Stage.Final;
            run.markers(namespaces);
            if (!run.errors.isEmpty()) {
                return run.result(stage, Outcome.Failed);
            }
            MigrationResult result = run.result(stage, run.unprotected.isEmpty() ? Outcome.Successful
                    : Outcome.PartiallySuccessful);
            progress.stageDone(stage, result.message());
            return result;
        } catch (RuntimeException e) {
            // A read of the source failed, or the target is gone: nothing half-written is harmful, the next run converges.
            run.errors.add("stage " + stage + ": " + describe(e));
            return run.result(stage, Outcome.Failed);
        }
    }

    /** A failure said without the response body (a Secret's data must never reach a status or log). */
    static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException client && client.getCode() > 0) {
            String reason = client.getStatus() != null && client.getStatus().getReason() != null
                    ? client.getStatus().getReason() : "error";
            return "HTTP " + client.getCode() + " (" + reason + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root instanceof java.io.IOException && root.getMessage() != null
                ? ": " + root.getMessage() : "");
    }

    private final class Run {
        final KubernetesClient source;
        final KubernetesClient target;
        final String domain;
        final String id;
        final Instant startedAt;
        final Writes written;
        final List<UnprotectedClaim> unprotected = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> keptRunning = new ArrayList<>();
        int protectedClaims;
        Instant finishedAt;

        Run(KubernetesClient source, KubernetesClient target, String domain, String id, Instant startedAt) {
            this.source = source;
            this.target = target;
            this.domain = domain;
            this.id = id;
            this.startedAt = startedAt;
            this.written = new Writes(target);
        }

        void volumes(List<String> namespaces) {
            for (String namespace : namespaces) {
                Namespace found = source.namespaces().withName(namespace).get();
                if (found == null) {
                    errors.add("namespace " + namespace + " does not exist in the source cluster");
                    continue;
                }
                write(found);
                for (PersistentVolumeClaim claim : source.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
                    String problem = null;
                    PersistentVolume volume = null;
                    String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
                    if (volumeName == null || volumeName.isBlank()) {
                        problem = "not bound to a PersistentVolume";
                    } else {
                        volume = source.persistentVolumes().withName(volumeName).get();
                        problem = problemOf(volumeName, volume);
                    }
                    if (problem != null) {
                        unprotected.add(new UnprotectedClaim(namespace, claim.getMetadata().getName(), problem));
                        continue;
                    }
                    protectedClaims++;
                    write(volume);
                    write(claim);
                }
            }
        }

        private String problemOf(String volumeName, PersistentVolume volume) {
            if (volume == null) {
                return "its PersistentVolume " + volumeName + " does not exist";
            }
            var csi = volume.getSpec() == null ? null : volume.getSpec().getCsi();
            if (csi == null || !drivers.contains(csi.getDriver())) {
                return "PersistentVolume " + volumeName + " is not a volume of Mooring's CSI driver";
            }
            Map<String, String> attributes = csi.getVolumeAttributes();
            String pod = attributes == null ? null : attributes.get(POD_ATTRIBUTE);
            if (pod == null || pod.isBlank()) {
                return "PersistentVolume " + volumeName + " is not in an ActiveCluster pod (the paired cluster cannot reach it)";
            }
            return null;
        }

        void applications(List<String> namespaces) {
            for (String namespace : namespaces) {
                if (source.namespaces().withName(namespace).get() == null) {
                    continue; // reported by the Volumes stage
                }
                source.configMaps().inNamespace(namespace).list().getItems().stream()
                        .filter(c -> !SKIPPED_CONFIG_MAPS.contains(c.getMetadata().getName())).forEach(this::write);
                // A ServiceAccount's token belongs to its cluster; the other cluster makes its own.
                source.secrets().inNamespace(namespace).list().getItems().stream()
                        .filter(s -> !"kubernetes.io/service-account-token".equals(s.getType())).forEach(this::write);
                source.services().inNamespace(namespace).list().getItems().forEach(this::write);
                source.apps().deployments().inNamespace(namespace).list().getItems().forEach(this::write);
                source.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(this::write);
            }
        }

        void markers(List<String> namespaces) {
            finishedAt = Instant.now(clock);
            for (String namespace : namespaces) {
                if (source.namespaces().withName(namespace).get() == null) {
                    continue;
                }
                ConfigMap marker = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(MARKER)
                        .addToLabels(ObjectCopies.MIGRATED_FROM, domain)
                        .addToAnnotations(ObjectCopies.MIGRATION_RUN, id).endMetadata()
                        .addToData("domain", domain).addToData("run", id)
                        .addToData("finishedAt", finishedAt.toString()).build();
                try {
                    written.replace(marker);
                } catch (KubernetesClientException e) {
                    errors.add("ConfigMap " + namespace + "/" + MARKER + ": " + describe(e));
                }
            }
        }

        private void write(HasMetadata original) {
            HasMetadata copy = ObjectCopies.copy(original, domain, id);
            try {
                if (written.apply(copy) == Writes.Written.KEPT_RUNNING) {
                    keptRunning.add(copy.getKind() + " " + copy.getMetadata().getNamespace() + "/"
                            + copy.getMetadata().getName());
                }
            } catch (KubernetesClientException e) {
                String what = copy.getKind() + " " + (copy.getMetadata().getNamespace() == null ? ""
                        : copy.getMetadata().getNamespace() + "/") + copy.getMetadata().getName();
                LOG.warnf("migration=%s cannot write %s to the paired cluster: %s", id, what, describe(e));
                errors.add(what + ": " + describe(e));
            }
        }

        String volumesMessage() {
            return protectedClaims + " PVCs protected" + (unprotected.isEmpty() ? "" : ", " + unprotected.size()
                    + " unprotected: " + list(unprotected.stream().map(u -> u.namespace() + "/" + u.pvc() + " ("
                    + u.reason() + ")").toList()));
        }

        String errorsMessage() {
            return errors.isEmpty() ? "" : "; " + errors.size() + " failed: " + list(errors);
        }

        MigrationResult result(Stage stage, Outcome outcome) {
            StringBuilder message = new StringBuilder(volumesMessage()).append("; ").append(written.summary());
            if (!keptRunning.isEmpty()) {
                message.append("; kept running at the target (failed over there), only their spec and recorded "
                        + "replicas were updated: ").append(list(keptRunning));
            }
            message.append(errorsMessage());
            Instant end = finishedAt != null ? finishedAt : Instant.now(clock);
            return new MigrationResult(id, startedAt, end, stage, outcome, written.count(), unprotected,
                    message.toString());
        }
    }

    private static String list(List<String> items) {
        String shown = items.stream().limit(MESSAGE_ITEMS).collect(Collectors.joining(", "));
        return items.size() > MESSAGE_ITEMS ? shown + " and " + (items.size() - MESSAGE_ITEMS) + " more" : shown;
    }
}
