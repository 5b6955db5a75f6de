package dev.mooring.topology.dr.migration.service;

import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.migration.MigrationConfig;
import dev.mooring.topology.dr.migration.domain.Intervals;
import dev.mooring.topology.dr.migration.domain.MigrationResult;
import dev.mooring.topology.dr.migration.domain.Outcome;
import dev.mooring.topology.dr.migration.domain.Stage;
import dev.mooring.topology.dr.migration.kube.ApplicationMigration;
import dev.mooring.topology.dr.migration.kube.ClusterPairClients;
import dev.mooring.topology.dr.migration.kube.MigrationResources;
import dev.mooring.topology.dr.service.LocalDomain;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs the MigrationSchedules of {@code mooring.dr.namespace}: a run at once when one is created or its spec changes,
 * then one per {@code spec.interval}, each copying the schedule's namespaces to its ClusterPair's cluster. Each run's
 * outcome goes to the schedule's {@code status.lastRun} and, stage by stage, to Events on it. Only an active domain
 * migrates (an inactive one's applications are the copies). Runs are keys of the kit's work queue, so one schedule
 * never runs twice at once.
 */
@ApplicationScoped
public class MigrationScheduler {

    private static final Logger LOG = Logger.getLogger(MigrationScheduler.class);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    MigrationConfig config;

    @Inject
    DrConfig drConfig;

    @Inject
    LocalDomain localDomain;

    @Inject
    ClusterPairClients pairs;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    @Inject
    KubeEvents events;

    @Inject
    Clock clock;

    private ApplicationMigration migration;
    private WorkQueue<String> schedules;
    private PeriodicJob pairChecks;
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled() || localDomain.name().isEmpty()) {
            LOG.infof("Migrations of applications off (%s)", !config.enabled() ? "mooring.dr.migration.enabled=false"
                    : "mooring.dr.domain is not set");
            return;
        }
        migration = new ApplicationMigration(Set.copyOf(config.drivers()), clock);
        schedules = background.queue("migration-schedules", 1, this::handle);
        pairChecks = background.periodic("cluster-pair-checks", config.pairCheckInterval(),
                () -> contexts.blocking(() -> {
                    pairs.checkAll(drConfig.namespace());
                    return null;
                }).replaceWithVoid());
        SharedIndexInformer<GenericKubernetesResource> watched = MigrationResources.scheduleInformer(kubernetes,
                drConfig.namespace());
        watched.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource schedule) {
                schedules.add(schedule.getMetadata().getName());
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                // A status write is an update too: only a changed spec asks for a run before the interval is up.
                if (!Objects.equals(before.get("spec"), after.get("spec"))) {
                    schedules.add(after.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource schedule, boolean finalStateUnknown) {
                // The queued key finds the schedule gone and stops rescheduling itself.
            }
        });
        InformerRetries.keepRetrying(watched, "MigrationSchedules");
        informer = watched;
        watched.start();
        LOG.infof("Watching MigrationSchedules in namespace %s", drConfig.namespace());
    }

    void onStop(@Observes ShutdownEvent event) {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        if (current != null) {
            current.close();
        }
    }

    /** The namespaces the MigrationSchedules of this domain copy (what stepping down scales to zero). */
    public List<String> scheduledNamespaces() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        if (current == null) {
            return List.of();
        }
        return current.getStore().list().stream().flatMap(schedule -> namespacesOf(schedule).stream()).distinct()
                .sorted().toList();
    }

    /** Checks the ClusterPairs now (tests; the periodic job does it on its interval). */
    public void checkPairsSoon() {
        if (pairChecks != null) {
            pairChecks.runSoon();
        }
    }

    private Uni<Void> handle(String name) {
        return contexts.blocking(() -> runIfDue(name)).invoke(next -> next.ifPresent(
                delay -> schedules.addAfter(name, delay))).replaceWithVoid();
    }

    /** Runs the schedule {@code name}; returns when it should run next (empty: only when it changes). */
    private Optional<Duration> runIfDue(String name) {
        String namespace = drConfig.namespace();
        GenericKubernetesResource schedule = MigrationResources.schedule(kubernetes, namespace, name);
        if (schedule == null || Boolean.TRUE.equals(schedule.get("spec", "suspend"))) {
            return Optional.empty();
        }
        Optional<String> problem = Optional.empty();
        String intervalText = MigrationResources.specText(schedule, "interval");
        Optional<Duration> interval = intervalText == null ? Optional.of(config.defaultInterval())
                : Intervals.parse(intervalText);
        String pairName = MigrationResources.specText(schedule, "clusterPair");
        List<String> namespaces = namespacesOf(schedule);
        if (interval.isEmpty()) {
            problem = Optional.of("spec.interval '" + intervalText + "' is no duration such as 90s, 5m or 1h");
        } else if (pairName == null || pairName.isBlank()) {
            problem = Optional.of("spec.clusterPair is required");
        } else if (namespaces.isEmpty()) {
            problem = Optional.of("spec.namespaces must name at least one namespace");
        }
        if (problem.isPresent()) {
            finish(schedule, failed(problem.get()));
            return Optional.empty(); // nothing to do until the spec is fixed (which is an update: a run)
        }
        if (localDomain.state() != DomainState.active) {
            LOG.debugf("migration-schedule=%s not run: domain %s is %s", name, localDomain.name().orElse(""),
                    localDomain.state());
            return interval;
        }
        MigrationResult result;
        try {
            ClusterPairClients.Pair pair = pairs.pair(namespace, pairName);
            String domain = localDomain.name().orElseThrow();
            result = migration.run(kubernetes, pair.client(), domain, namespaces,
                    (stage, message) -> record(schedule, stage.reason(), KubeEvents.NORMAL, message, stage.name()));
        } catch (ClusterPairClients.PairException e) {
            result = failed(e.getMessage());
        }
        finish(schedule, result);
        LOG.infof("migration-schedule=%s run=%s %s: %s", name, result.id(), result.outcome(), result.message());
        return Optional.of(result.outcome() == Outcome.Failed && config.failedRetry().compareTo(interval.get()) < 0
                ? config.failedRetry() : interval.get());
    }

    private MigrationResult failed(String message) {
        Instant now = Instant.now(clock);
        return new MigrationResult(java.util.UUID.randomUUID().toString(), now, now, Stage.Volumes, Outcome.Failed, 0,
                List.of(), message);
    }

    private void finish(GenericKubernetesResource schedule, MigrationResult result) {
        if (result.outcome() == Outcome.Failed) {
            // One Event per cause: a pair that stays broken refreshes it instead of adding one per retry.
            record(schedule, Stage.FAILED_REASON, KubeEvents.WARNING, result.message(), result.message());
        }
        Map<String, Object> lastRun = new LinkedHashMap<>();
        lastRun.put("id", result.id());
        lastRun.put("startedAt", result.startedAt().toString());
        lastRun.put("finishedAt", result.finishedAt().toString());
        lastRun.put("stage", result.stage().name());
        lastRun.put("outcome", result.outcome().name());
        lastRun.put("objects", result.objects());
        List<Map<String, String>> unprotected = new ArrayList<>();
        result.unprotected().forEach(u -> unprotected.add(Map.of("namespace", u.namespace(), "pvc", u.pvc(),
                "reason", u.reason())));
        lastRun.put("unprotected", unprotected);
        lastRun.put("message", result.message());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("lastRun", lastRun);
        Object previousSuccess = schedule.get("status", "lastSuccessfulAt");
        if (result.completed()) {
            status.put("lastSuccessfulAt", result.finishedAt().toString());
        } else if (previousSuccess != null) {
            status.put("lastSuccessfulAt", previousSuccess);
        }
        MigrationResources.writeScheduleStatus(kubernetes, schedule.getMetadata().getNamespace(),
                schedule.getMetadata().getName(), status);
    }

    private void record(GenericKubernetesResource schedule, String reason, String type, String message,
                        String occurrence) {
        KubeEvents.Subject subject = new KubeEvents.Subject(MigrationResources.API_VERSION, "MigrationSchedule",
                schedule.getMetadata().getNamespace(), schedule.getMetadata().getName(), schedule.getMetadata().getUid());
        try {
            contexts.await(() -> events.recordAlone(new KubeEvents.Notice(subject, type, reason, message, occurrence)));
        } catch (RuntimeException e) {
            // An Event is a courtesy: the outcome is on the schedule's status.
            LOG.warnf("migration-schedule=%s Event %s not recorded: %s", schedule.getMetadata().getName(), reason, e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> namespacesOf(GenericKubernetesResource schedule) {
        Object value = schedule.get("spec", "namespaces");
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).map(Object::toString).filter(s -> !s.isBlank()).distinct().toList();
    }
}
