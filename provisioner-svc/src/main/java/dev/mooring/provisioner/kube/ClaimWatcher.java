package dev.mooring.provisioner.kube;

import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.ClaimDecision;
import dev.mooring.provisioner.domain.ClaimExpansion;
import dev.mooring.provisioner.domain.ClaimFacts;
import dev.mooring.provisioner.domain.ClassFacts;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.ReclaimPolicy;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import dev.mooring.provisioner.service.ReleaseClaimVolume;
import dev.mooring.provisioner.service.RequestClaimVolume;
import dev.mooring.provisioner.service.ResizeVolume;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Follows StorageClasses, PersistentVolumeClaims (all namespaces) and PersistentVolumes with fabric8
 * informers and turns what it sees into requests: a claim of a Mooring StorageClass becomes a volume (or a
 * refusal), a larger request a resize, a deleted claim (or a released PV) a deletion or a retained volume.
 * Everything runs on one worker thread, in the order the informers report it; each step is idempotent, so a
 * resync, a restart or a repeated notification changes nothing that was done.
 */
@ApplicationScoped
public class ClaimWatcher {

    private static final Logger LOG = Logger.getLogger(ClaimWatcher.class);
    private static final long RESTART_SECONDS = 10;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    ProvisionerConfig config;

    @Inject
    ArrayDirectory directory;

    @Inject
    VolumeRepository volumes;

    @Inject
    RequestClaimVolume requestClaim;

    @Inject
    ReleaseClaimVolume releaseClaim;

    @Inject
    ResizeVolume resize;

    @Inject
    ClaimEvents events;

    @Inject
    PersistentVolumes persistentVolumes;

    private ScheduledExecutorService worker;
    private volatile SharedIndexInformer<StorageClass> classes;
    private volatile SharedIndexInformer<PersistentVolumeClaim> claims;
    private volatile SharedIndexInformer<PersistentVolume> pvs;
    private Set<String> names;

    void onStart(@Observes StartupEvent event) {
        if (!config.kubernetes().enabled()) {
            LOG.info("Not watching Kubernetes (mooring.provisioner.kubernetes.enabled=false): volumes come from REST only");
            return;
        }
        names = Set.copyOf(config.names());
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mooring-claims");
            thread.setDaemon(true);
            return thread;
        });
        // A claim that waited for an array is looked at again as soon as one registers.
        directory.changes().subscribe().with(change -> {
            if (change.after() != null && change.after().registered()) {
                submit("arrays changed", this::reviewAll);
            }
        }, failure -> LOG.warnf("The array directory's changes stopped: %s", failure.toString()));
        submit("start", this::startInformers);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdownNow();
        }
        stopInformers();
    }

    private void startInformers() {
        long resync = config.kubernetes().resync().toMillis();
        try {
            classes = kubernetes.storage().v1().storageClasses().runnableInformer(resync);
            classes.addEventHandler(handler(sc -> submit("class " + sc.getMetadata().getName(),
                    () -> reviewClass(sc.getMetadata().getName())), sc -> { }));
            classes.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

            claims = kubernetes.persistentVolumeClaims().inAnyNamespace().runnableInformer(resync);
            claims.addEventHandler(handler(pvc -> submit(key(pvc), () -> review(pvc)),
                    pvc -> submit(key(pvc) + " deleted", () -> claimDeleted(pvc))));
            claims.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

            pvs = kubernetes.persistentVolumes().runnableInformer(resync);
            pvs.addEventHandler(handler(pv -> {
                if (pv.getStatus() != null && "Released".equals(pv.getStatus().getPhase())) {
                    submit("pv " + pv.getMetadata().getName() + " released", () -> persistentVolumeReleased(pv));
                }
            }, pv -> { }));
            pvs.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

            worker.scheduleWithFixedDelay(() -> guarded("claims that are gone", this::sweepGoneClaims), resync,
                    resync, TimeUnit.MILLISECONDS);
            LOG.infof("Watching StorageClasses, PersistentVolumeClaims and PersistentVolumes for provisioners %s "
                    + "(resync %s)", names, config.kubernetes().resync());
        } catch (Exception e) {
            LOG.warnf("Cannot watch Kubernetes (%s); trying again in %ds", rootMessage(e), RESTART_SECONDS);
            stopInformers();
            worker.schedule(() -> guarded("start", this::startInformers), RESTART_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void stopInformers() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {classes, claims, pvs}) {
            if (informer != null) {
                informer.close();
            }
        }
        classes = null;
        claims = null;
        pvs = null;
    }

    /** Looks at a claim: request, refuse, wait, resize, or nothing. */
    void review(PersistentVolumeClaim pvc) {
        ClaimFacts claim = KubeFacts.claim(pvc);
        if (claim.uid() == null) {
            return;
        }
        MDC.put("correlationId", ClaimDecision.persistentVolumeName(claim.uid()));
        try {
            reviewClaim(claim);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void reviewClaim(ClaimFacts claim) {
        ClassFacts storageClass = classFacts(claim.storageClassName());
        if (storageClass != null && !names.contains(storageClass.provisioner())) {
            return; // another provisioner's claim
        }
        UUID volumeId = ClaimDecision.volumeIdOf(claim.uid());
        VolumeRecord volume = await(() -> Panache.withSession(() -> volumes.findById(volumeId)));
        if (volume != null && volume.state != VolumeState.Failed) {
            if (volume.state == VolumeState.Ready && !claim.deleting()) {
                reviewSize(claim, storageClass, volume);
            }
            return;
        }
        if (volume != null && !Boolean.TRUE.equals(volume.failureRetryable)) {
            return; // refused or failed for good: the claim's Events say why
        }
        ClaimDecision.Outcome outcome = ClaimDecision.decide(claim, storageClass, names);
        if (outcome instanceof ClaimDecision.Refuse refuse) {
            await(() -> requestClaim.refuse(refuse.volume(), refuse.reason(), refuse.message()));
        } else if (outcome instanceof ClaimDecision.Provision provision) {
            if (directory.registered().isEmpty()) {
                LOG.debugf("claim=%s waits for a FlashArray to be registered", claim.path());
                return;
            }
            await(() -> requestClaim.request(provision.volume()));
        } else if (outcome instanceof ClaimDecision.WaitForNode) {
            LOG.debugf("claim=%s waits for the scheduler to select a node (WaitForFirstConsumer)", claim.path());
        } else if (outcome instanceof ClaimDecision.Ignore ignore) {
            LOG.debugf("claim=%s not provisioned: %s", claim.path(), ignore.why());
        }
    }

    private void reviewSize(ClaimFacts claim, ClassFacts storageClass, VolumeRecord volume) {
        boolean allowed = storageClass != null ? storageClass.allowVolumeExpansion() : volume.allowExpansion;
        ClaimExpansion.Outcome outcome = ClaimExpansion.decide(volume.sizeBytes, volume.requestedSizeBytes,
                claim.requestedBytes(), allowed);
        ClaimEvents.Claim on = new ClaimEvents.Claim(claim.namespace(), claim.name(), claim.uid());
        String className = storageClass != null ? storageClass.name() : volume.storageClass;
        if (outcome instanceof ClaimExpansion.Expand expand) {
            await(() -> resize.request(volume.id, expand.sizeBytes(), volume.correlationId));
        } else if (outcome instanceof ClaimExpansion.NotAllowed notAllowed) {
            warn(on, volume, "ExpansionNotAllowed", "StorageClass " + className + " does not allow volume expansion "
                    + "(allowVolumeExpansion is not true): claim asks for " + Quantity.format(notAllowed.sizeBytes())
                    + ", volume " + volume.name + " stays at " + Quantity.format(volume.sizeBytes),
                    "expansion-not-allowed-" + notAllowed.sizeBytes());
        } else if (outcome instanceof ClaimExpansion.Shrink shrink) {
            warn(on, volume, "ShrinkNotSupported", "Claim asks for " + Quantity.format(shrink.sizeBytes())
                    + " but volume " + volume.name + " has " + Quantity.format(volume.sizeBytes)
                    + ": a volume cannot shrink; set the request back to at least " + Quantity.format(volume.sizeBytes),
                    "shrink-" + shrink.sizeBytes());
        } else if (outcome instanceof ClaimExpansion.TooLarge tooLarge) {
            warn(on, volume, "VolumeResizeFailed", "Claim asks for " + Quantity.format(tooLarge.sizeBytes())
                    + ", more than a FlashArray volume can hold (4Pi)", "too-large-" + tooLarge.sizeBytes());
        }
    }

    private void warn(ClaimEvents.Claim claim, VolumeRecord volume, String reason, String message, String cause) {
        if (events.record(claim, ClaimEvents.WARNING, reason, message, cause, volume.driver)) {
            LOG.warnf("volume=%s claim=%s/%s %s: %s", volume.id, claim.namespace(), claim.name(), reason, message);
        }
    }

    /** A claim was deleted: its volume is released per the reclaim policy. */
    void claimDeleted(PersistentVolumeClaim pvc) {
        if (pvc.getMetadata().getUid() != null) {
            release(ClaimDecision.volumeIdOf(pvc.getMetadata().getUid()), "claim deleted");
        }
    }

    /** A PV of ours was released by Kubernetes' PV controller (its claim is gone). */
    void persistentVolumeReleased(PersistentVolume pv) {
        PersistentVolumes.volumeIdOf(pv, List.copyOf(names)).ifPresent(id -> release(id, "PV released"));
    }

    private void release(UUID volumeId, String why) {
        MDC.put("correlationId", ClaimDecision.persistentVolumeName(volumeId.toString()));
        try {
            releaseVolume(volumeId, why);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void releaseVolume(UUID volumeId, String why) {
        VolumeRecord volume = await(() -> Panache.withSession(() -> volumes.findById(volumeId)));
        if (volume == null || !volume.forClaim() || volume.state == VolumeState.Deleting
                || volume.state == VolumeState.Deleted || volume.state == VolumeState.Released) {
            return;
        }
        ReclaimPolicy onPv = persistentVolumes.reclaimPolicy(volume).orElse(null);
        ReleaseClaimVolume.Release release = await(() -> releaseClaim.release(volumeId, onPv, why));
        if (release == ReleaseClaimVolume.Release.Retained) {
            events.record(new ClaimEvents.Claim(volume.claimNamespace, volume.claimName, volume.claimUid),
                    ClaimEvents.NORMAL, "VolumeRetained", "Reclaim policy Retain: PV " + volume.name
                            + " and array volume " + volume.arrayVolumeName + " on " + String.join(", ", volume.arrayList())
                            + " are kept; delete them by hand when the data is no longer needed", "retained",
                    volume.driver);
        }
    }

    /**
     * Volumes whose claim no longer exists (deleted while the provisioner was not watching) are released as
     * if the deletion had been seen.
     */
    private void sweepGoneClaims() {
        SharedIndexInformer<PersistentVolumeClaim> informer = claims;
        if (informer == null || !informer.hasSynced()) {
            return;
        }
        Set<String> present = informer.getStore().list().stream().map(pvc -> pvc.getMetadata().getUid())
                .filter(Objects::nonNull).collect(Collectors.toSet());
        List<VolumeRecord> claimVolumes = await(() -> Panache.withSession(() -> volumes.claimVolumesIn(
                List.of(VolumeState.Pending, VolumeState.Ready, VolumeState.Failed))));
        for (VolumeRecord volume : claimVolumes) {
            if (!present.contains(volume.claimUid)) {
                release(volume.id, "claim no longer exists");
            }
        }
    }

    /** Every known claim again (an array registered: claims that waited for one can go ahead). */
    private void reviewAll() {
        SharedIndexInformer<PersistentVolumeClaim> informer = claims;
        if (informer != null) {
            informer.getStore().list().forEach(pvc -> guarded(key(pvc), () -> review(pvc)));
        }
    }

    /** The claims of a class that just appeared or changed. */
    private void reviewClass(String className) {
        SharedIndexInformer<PersistentVolumeClaim> informer = claims;
        if (informer != null) {
            informer.getStore().list().stream()
                    .filter(pvc -> className.equals(KubeFacts.claim(pvc).storageClassName()))
                    .forEach(pvc -> guarded(key(pvc), () -> review(pvc)));
        }
    }

    private ClassFacts classFacts(String name) {
        SharedIndexInformer<StorageClass> informer = classes;
        if (name == null || informer == null) {
            return null;
        }
        return Optional.ofNullable(informer.getStore().getByKey(name)).map(KubeFacts::storageClass).orElse(null);
    }

    private void submit(String what, Runnable task) {
        if (worker != null && !worker.isShutdown()) {
            worker.execute(() -> guarded(what, task));
        }
    }

    /** A failed step is logged; the informers' next resync (or notification) tries it again. */
    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warnf("%s: %s (tried again at the next resync)", what, rootMessage(e));
            LOG.debug(what, e);
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                deleted.accept(object);
            }
        };
    }

    private static String key(PersistentVolumeClaim pvc) {
        return "claim " + pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
