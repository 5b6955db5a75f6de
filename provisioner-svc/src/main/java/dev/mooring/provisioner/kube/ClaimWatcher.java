package dev.mooring.provisioner.kube;

import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Follows StorageClasses, PersistentVolumeClaims (all namespaces) and PersistentVolumes with fabric8
 * informers and turns what it sees into requests: a claim of a Mooring StorageClass becomes a volume (or a
 * refusal), a larger request a resize, a deleted claim (or a released PV) a deletion or a retained volume.
 * The informers' callbacks only put keys on the kit's work queue; its handler reads the object as the
 * informer's cache holds it now, so one pass covers every change before it, and one claim is never looked at
 * twice at once. Each step is idempotent, so a resync, a restart or a repeated notification changes nothing
 * that was done. A periodic sweep releases volumes whose claim disappeared while nobody watched. A PV migrated
 * from another cluster domain is handed to {@link MigratedVolumes} for adoption (a pre-bound claim's arrival looks
 * at its PV again).
 */
@ApplicationScoped
public class ClaimWatcher {

    private static final Logger LOG = Logger.getLogger(ClaimWatcher.class);

    /** What the work queue is asked to look at. */
    private sealed interface Key {
    }

    /** Start the informers (again, after a failure). */
    private record Start() implements Key {
    }

    private record Claim(String namespace, String name) implements Key {
    }

    private record StorageClassKey(String name) implements Key {
    }

    private record Pv(String name) implements Key {
    }

    /** A claim deleted: its uid is all that is left of it. */
    private record DeletedClaim(String uid) implements Key {
    }

    /** Every claim again (an array registered: claims that waited for one can go ahead). */
    private record EveryClaim() implements Key {
    }

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
    KubeEvents kubeEvents;

    @Inject
    PersistentVolumes persistentVolumes;

    @Inject
    MigratedVolumes migratedVolumes;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private WorkQueue<Key> queue;
    private volatile SharedIndexInformer<StorageClass> classes;
    private volatile SharedIndexInformer<PersistentVolumeClaim> claims;
    private volatile SharedIndexInformer<PersistentVolume> pvs;
    private Set<String> names;
    /** Warnings recorded by this process: a resync does not record the same occurrence again and again. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void onStart(@Observes StartupEvent event) {
        if (!config.kubernetes().enabled()) {
            LOG.info("Not watching Kubernetes (mooring.provisioner.kubernetes.enabled=false): volumes come from REST only");
            return;
        }
        names = Set.copyOf(config.names());
        // Blocking fabric8 and database calls: each key is handled on a worker thread.
        queue = background.queue("claims", 4, key -> contexts.blocking(() -> {
            handle(key);
            return null;
        }).replaceWithVoid());
        // A claim that waited for an array is looked at again as soon as one registers.
        directory.changes().subscribe().with(change -> {
            if (change.after() != null && change.after().registered()) {
                queue.add(new EveryClaim());
            }
        }, failure -> LOG.warnf("The array directory's changes stopped: %s", failure.toString()));
        background.periodic("claims-sweep", config.kubernetes().resync(), () -> contexts.blocking(() -> {
            sweepGoneClaims();
            return null;
        }).replaceWithVoid());
        queue.add(new Start());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopInformers();
    }

    private void handle(Key key) {
        if (key instanceof Start) {
            startInformers();
        } else if (key instanceof Claim claim) {
            PersistentVolumeClaim pvc = claims == null ? null
                    : claims.getStore().getByKey(claim.namespace() + "/" + claim.name());
            if (pvc != null) {
                review(pvc);
                preBoundVolume(pvc).ifPresent(pv -> queue.add(new Pv(pv)));
            }
        } else if (key instanceof StorageClassKey storageClass) {
            reviewClass(storageClass.name());
        } else if (key instanceof Pv pv) {
            PersistentVolume current = pvs == null ? null : pvs.getStore().getByKey(pv.name());
            if (current != null && current.getStatus() != null && "Released".equals(current.getStatus().getPhase())) {
                persistentVolumeReleased(current);
            } else if (current != null) {
                migratedVolumes.review(current, names, this::cachedClaim);
            }
        } else if (key instanceof DeletedClaim deleted) {
            release(ClaimDecision.volumeIdOf(deleted.uid()), "claim deleted");
        } else if (key instanceof EveryClaim) {
            reviewAll();
        }
    }

    /** Starts the informers; a failure stops what started and is retried with the queue's backoff. */
    private void startInformers() {
        if (claims != null) {
            return;
        }
        long resync = config.kubernetes().resync().toMillis();
        try {
            classes = InformerRetries.keepRetrying(kubernetes.storage().v1().storageClasses().runnableInformer(resync),
                    "StorageClasses");
            classes.addEventHandler(handler(sc -> queue.add(new StorageClassKey(sc.getMetadata().getName())),
                    sc -> { }));
            classes.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

            SharedIndexInformer<PersistentVolumeClaim> claimInformer = InformerRetries.keepRetrying(
                    kubernetes.persistentVolumeClaims().inAnyNamespace().runnableInformer(resync), "PersistentVolumeClaims");
            claimInformer.addEventHandler(handler(pvc -> queue.add(claimKey(pvc)), pvc -> {
                if (pvc.getMetadata().getUid() != null) {
                    queue.add(new DeletedClaim(pvc.getMetadata().getUid()));
                }
            }));
            claimInformer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

            pvs = InformerRetries.keepRetrying(kubernetes.persistentVolumes().runnableInformer(resync), "PersistentVolumes");
            pvs.addEventHandler(handler(pv -> queue.add(new Pv(pv.getMetadata().getName())), pv -> { }));
            pvs.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            claims = claimInformer;
            claimInformer.getStore().list().forEach(pvc -> queue.add(claimKey(pvc)));
            LOG.infof("Watching StorageClasses, PersistentVolumeClaims and PersistentVolumes for provisioners %s "
                    + "(resync %s)", names, config.kubernetes().resync());
        } catch (Exception e) {
            stopInformers();
            throw new IllegalStateException("Cannot watch Kubernetes (" + rootMessage(e) + ")", e);
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

    /**
     * The PV a claim names that Mooring did not make for it (a claim bound before it was created here, as disaster
     * recovery copies them): its PV may be waiting for the claim to be adopted.
     */
    private static Optional<String> preBoundVolume(PersistentVolumeClaim pvc) {
        String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        String uid = pvc.getMetadata().getUid();
        return volumeName == null || volumeName.isBlank() || uid == null
                || volumeName.equals(ClaimDecision.persistentVolumeName(uid)) ? Optional.empty() : Optional.of(volumeName);
    }

    private PersistentVolumeClaim cachedClaim(String namespace, String name) {
        SharedIndexInformer<PersistentVolumeClaim> informer = claims;
        return informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
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
        VolumeRecord volume = contexts.await(() -> Panache.withSession(() -> volumes.findById(volumeId)));
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
            contexts.await(() -> requestClaim.refuse(refuse.volume(), refuse.reason(), refuse.message()));
        } else if (outcome instanceof ClaimDecision.Provision provision) {
            if (directory.registered().isEmpty()) {
                LOG.debugf("claim=%s waits for a FlashArray to be registered", claim.path());
                return;
            }
            contexts.await(() -> requestClaim.request(provision.volume()));
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
        Subject on = Subject.claim(claim.namespace(), claim.name(), claim.uid());
        String className = storageClass != null ? storageClass.name() : volume.storageClass;
        if (outcome instanceof ClaimExpansion.Expand expand) {
            contexts.await(() -> resize.request(volume.id, expand.sizeBytes(), volume.correlationId));
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

    /** A Warning on the claim, recorded once per occurrence by this process (the Event's name makes it once for good). */
    private void warn(Subject claim, VolumeRecord volume, String reason, String message, String occurrence) {
        if (warned.add(claim.uid() + "/" + reason + "/" + occurrence)) {
            contexts.await(() -> kubeEvents.recordAlone(new Notice(claim, KubeEvents.WARNING, reason, message,
                    occurrence, volume.driver)));
            LOG.warnf("volume=%s claim=%s/%s %s: %s", volume.id, claim.namespace(), claim.name(), reason, message);
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
        VolumeRecord volume = contexts.await(() -> Panache.withSession(() -> volumes.findById(volumeId)));
        if (volume == null || !volume.forClaim() || volume.state == VolumeState.Deleting
                || volume.state == VolumeState.Deleted || volume.state == VolumeState.Released) {
            return;
        }
        ReclaimPolicy onPv = persistentVolumes.reclaimPolicy(volume).orElse(null);
        // A Retain records its VolumeRetained Event in the release's own transaction.
        contexts.await(() -> releaseClaim.release(volumeId, onPv, why));
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
        List<VolumeRecord> claimVolumes = contexts.await(() -> Panache.withSession(() -> volumes.claimVolumesIn(
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
            informer.getStore().list().forEach(pvc -> queue.add(claimKey(pvc)));
        }
    }

    /** The claims of a class that just appeared or changed. */
    private void reviewClass(String className) {
        SharedIndexInformer<PersistentVolumeClaim> informer = claims;
        if (informer != null) {
            informer.getStore().list().stream()
                    .filter(pvc -> className.equals(KubeFacts.claim(pvc).storageClassName()))
                    .forEach(pvc -> queue.add(claimKey(pvc)));
        }
    }

    private ClassFacts classFacts(String name) {
        SharedIndexInformer<StorageClass> informer = classes;
        if (name == null || informer == null) {
            return null;
        }
        return Optional.ofNullable(informer.getStore().getByKey(name)).map(KubeFacts::storageClass).orElse(null);
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

    private static Key claimKey(PersistentVolumeClaim pvc) {
        return new Claim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
