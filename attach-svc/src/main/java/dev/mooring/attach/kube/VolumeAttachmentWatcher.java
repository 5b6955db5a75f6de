package dev.mooring.attach.kube;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.service.RequestAttachment;
import dev.mooring.attach.service.VolumeAttachmentStatus;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Watches {@code storage.k8s.io/v1} VolumeAttachments whose {@code spec.attacher} is one of Mooring's names, in
 * the external-attacher's place: a new one becomes an attach request (volume id = the PersistentVolume's
 * {@code spec.csi.volumeHandle}) and gets Mooring's finalizer; one being deleted becomes a detach request, and
 * the finalizer goes once the volume is detached. Status is written by {@link VolumeAttachmentStatus}.
 */
@ApplicationScoped
public class VolumeAttachmentWatcher {

    private static final Logger LOG = Logger.getLogger(VolumeAttachmentWatcher.class);

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

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mooring-volumeattachment-watcher");
        t.setDaemon(true);
        return t;
    });
    private SharedIndexInformer<VolumeAttachment> informer;

    void start(@Observes StartupEvent event) {
        if (!config.kube().watch()) {
            LOG.info("VolumeAttachment watcher off (mooring.attach.kube.watch=false)");
            return;
        }
        informer = client.storage().v1().volumeAttachments().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VolumeAttachment va) {
                submit(va, false);
            }

            @Override
            public void onUpdate(VolumeAttachment before, VolumeAttachment va) {
                submit(va, false);
            }

            @Override
            public void onDelete(VolumeAttachment va, boolean finalStateUnknown) {
                submit(va, true);
            }
        }, config.kube().resync().toMillis());
        LOG.infof("Watching VolumeAttachments of attacher(s) %s", config.attacherNames());
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        worker.shutdownNow();
    }

    private void submit(VolumeAttachment va, boolean deleted) {
        if (va.getSpec() == null || !config.attacherNames().contains(va.getSpec().getAttacher())) {
            return;
        }
        worker.execute(() -> {
            String name = va.getMetadata().getName();
            MDC.put("correlationId", correlationId(va));
            try {
                handle(va, deleted);
            } catch (RuntimeException e) {
                LOG.warnf("volumeattachment=%s not handled, will be seen again: %s", name, e.toString());
            } finally {
                MDC.remove("correlationId");
            }
        });
    }

    private void handle(VolumeAttachment va, boolean deleted) {
        String name = va.getMetadata().getName();
        if (deleted || va.getMetadata().getDeletionTimestamp() != null) {
            Attachment a = Blocking.await(() -> requests.detachForVolumeAttachment(name, correlationId(va)));
            if (!deleted && (a == null || a.state == AttachmentState.Detached)) {
                writer.detached(name); // nothing (left) to detach: let the deletion proceed
            }
            return;
        }
        writer.ensureFinalizer(va);
        String node = va.getSpec().getNodeName();
        String pvName = va.getSpec().getSource() == null ? null : va.getSpec().getSource().getPersistentVolumeName();
        if (pvName == null) {
            writer.attachError(name, "Mooring attaches PersistentVolumes only (spec.source.persistentVolumeName);"
                    + " inline volume specs are not supported");
            return;
        }
        PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
        String handle = pv == null || pv.getSpec() == null || pv.getSpec().getCsi() == null ? null
                : pv.getSpec().getCsi().getVolumeHandle();
        if (handle == null || handle.isBlank()) {
            writer.attachError(name, pv == null ? "PersistentVolume " + pvName + " does not exist"
                    : "PersistentVolume " + pvName + " has no spec.csi.volumeHandle");
            return;
        }
        RequestAttachment.Accepted accepted = Blocking.await(() ->
                requests.fromVolumeAttachment(name, handle, node, correlationId(va)));
        if (!accepted.started()) {
            boolean shownAttached = va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached());
            boolean shownError = va.getStatus() != null && va.getStatus().getAttachError() != null;
            if (Objects.equals(accepted.attachment().volumeId, handle)) {
                status.reproject(accepted.attachment(), shownAttached, shownError);
            }
        }
    }

    private static String correlationId(VolumeAttachment va) {
        return "volumeattachment-" + va.getMetadata().getName();
    }
}
