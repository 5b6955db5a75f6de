package dev.mooring.attach.kube;

import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.service.RequestAttachment;
import dev.mooring.attach.service.VolumeAttachmentStatus;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Watches {@code storage.k8s.io/v1} VolumeAttachments whose {@code spec.attacher} is one of Mooring's names, in
 * the external-attacher's place: a new one becomes an attach request (volume id = the PersistentVolume's
 * {@code spec.csi.volumeHandle}) and gets Mooring's finalizer; one being deleted becomes a detach request, and
 * the finalizer goes once the volume is detached. The informer puts names on a work queue; its handler acts on the
 * VolumeAttachment as the informer's cache holds it then (gone from the cache: deleted). Status is written by
 * {@link VolumeAttachmentStatus}.
 */
@ApplicationScoped
public class VolumeAttachmentWatcher {

    private static final Logger LOG = Logger.getLogger(VolumeAttachmentWatcher.class);
    /** VolumeAttachments handled at once; one is never handled twice at the same time. */
    private static final int CONCURRENCY = 4;

    @Inject
    KubernetesClient client;

    @Inject
    AttachConfig config;

    @Inject
    RequestAttachment requests;

    @Inject
    VolumeAttachmentWriter writer;

    @Inject
    VolumeAttachmentStatus status;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private SharedIndexInformer<VolumeAttachment> informer;
    private WorkQueue<String> queue;

    void start(@Observes StartupEvent event) {
        if (!config.kube().watch()) {
            LOG.info("VolumeAttachment watcher off (mooring.attach.kube.watch=false)");
            return;
        }
        queue = background.queue("volume-attachments", CONCURRENCY, this::handle);
        // The informer exists before it starts, so the queue's first handling finds its cache.
        informer = InformerRetries.keepRetrying(
                client.storage().v1().volumeAttachments().runnableInformer(config.kube().resync().toMillis()), "VolumeAttachments");
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VolumeAttachment va) {
                submit(va);
            }

            @Override
            public void onUpdate(VolumeAttachment before, VolumeAttachment va) {
                submit(va);
            }

            @Override
            public void onDelete(VolumeAttachment va, boolean finalStateUnknown) {
                submit(va);
            }
        });
        informer.start();
        LOG.infof("Watching VolumeAttachments of attacher(s) %s", config.attacherNames());
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    private void submit(VolumeAttachment va) {
        if (va.getSpec() != null && config.attacherNames().contains(va.getSpec().getAttacher())) {
            queue.add(va.getMetadata().getName());
        }
    }

    /** Acts on the VolumeAttachment as it is now (a failure comes back after the queue's backoff). */
    private Uni<Void> handle(String name) {
        MDC.put("correlationId", correlationId(name));
        VolumeAttachment va = informer.getStore().getByKey(name);
        if (va == null) {
            return requests.detachForVolumeAttachment(name, correlationId(name)).replaceWithVoid();
        }
        if (va.getMetadata().getDeletionTimestamp() != null) {
            return requests.detachForVolumeAttachment(name, correlationId(name)).chain(a ->
                    a == null || a.state == AttachmentState.Detached
                            // nothing (left) to detach: let the deletion proceed
                            ? status.detached(name) : Uni.createFrom().voidItem());
        }
        return contexts.blocking(() -> volumeIdOf(va)).chain(volumeId -> volumeId == null ? Uni.createFrom().voidItem()
                : requests.fromVolumeAttachment(name, volumeId, va.getSpec().getNodeName(), correlationId(name))
                        .chain(accepted -> {
                            if (accepted.started() || !Objects.equals(accepted.attachment().volumeId, volumeId)) {
                                return Uni.createFrom().voidItem();
                            }
                            boolean shownAttached = va.getStatus() != null
                                    && Boolean.TRUE.equals(va.getStatus().getAttached());
                            boolean shownError = va.getStatus() != null && va.getStatus().getAttachError() != null;
                            return status.reproject(accepted.attachment(), shownAttached, shownError);
                        }));
    }

    /**
     * Blocking: puts Mooring's finalizer on the VolumeAttachment and returns the volume id, the
     * {@code spec.csi.volumeHandle} of its PersistentVolume; null (with the reason in {@code attachError}) when it
     * has none.
     */
    private String volumeIdOf(VolumeAttachment va) {
        String name = va.getMetadata().getName();
        writer.ensureFinalizer(va);
        String pvName = va.getSpec().getSource() == null ? null : va.getSpec().getSource().getPersistentVolumeName();
        if (pvName == null) {
            writer.attachError(name, "Mooring attaches PersistentVolumes only (spec.source.persistentVolumeName);"
                    + " inline volume specs are not supported");
            return null;
        }
        PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
        String handle = pv == null || pv.getSpec() == null || pv.getSpec().getCsi() == null ? null
                : pv.getSpec().getCsi().getVolumeHandle();
        if (handle == null || handle.isBlank()) {
            writer.attachError(name, pv == null ? "PersistentVolume " + pvName + " does not exist"
                    : "PersistentVolume " + pvName + " has no spec.csi.volumeHandle");
            return null;
        }
        return handle;
    }

    private static String correlationId(String name) {
        return "volumeattachment-" + name;
    }
}
