package dev.mooring.attach.kube;

import dev.mooring.attach.config.AttachConfig;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentStatus;
import io.fabric8.kubernetes.api.model.storage.VolumeError;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Writes what attach-svc did back to VolumeAttachments, as the CSI external-attacher does: the status subresource
 * ({@code attached}, {@code attachmentMetadata}, {@code attachError}, {@code detachError}) and Mooring's
 * finalizer, which makes a deletion wait until the volume is detached. Blocking calls: use from a worker thread.
 */
@ApplicationScoped
public class VolumeAttachmentWriter {

    private static final Logger LOG = Logger.getLogger(VolumeAttachmentWriter.class);
    /** Attempts of one write that meets a conflict (409: the object changed since it was read). */
    private static final int CONFLICT_ATTEMPTS = 5;

    @Inject
    KubernetesClient client;

    @Inject
    AttachConfig config;

    @Inject
    Clock clock;

    private Resource<VolumeAttachment> va(String name) {
        return client.storage().v1().volumeAttachments().withName(name);
    }

    /** Puts Mooring's finalizer on the VolumeAttachment unless it has it (or is being deleted). */
    public void ensureFinalizer(VolumeAttachment va) {
        String finalizer = config.kube().finalizer();
        List<String> finalizers = va.getMetadata().getFinalizers();
        if (va.getMetadata().getDeletionTimestamp() != null || (finalizers != null && finalizers.contains(finalizer))) {
            return;
        }
        quietly(va.getMetadata().getName(), "finalizer", () -> va(va.getMetadata().getName()).edit(v -> {
            List<String> list = v.getMetadata().getFinalizers() == null ? new ArrayList<>()
                    : new ArrayList<>(v.getMetadata().getFinalizers());
            if (!list.contains(finalizer)) {
                list.add(finalizer);
            }
            v.getMetadata().setFinalizers(list);
            return v;
        }));
    }

    /** {@code status.attached=true} with the metadata; errors cleared. */
    public void attached(String name, Map<String, String> metadata) {
        editStatus(name, "attached", s -> {
            s.setAttached(true);
            s.setAttachmentMetadata(metadata);
            s.setAttachError(null);
            s.setDetachError(null);
            return s;
        });
    }

    /** {@code status.attached=false} with {@code attachError}. */
    public void attachError(String name, String message) {
        editStatus(name, "attachError", s -> {
            s.setAttached(false);
            s.setAttachmentMetadata(null);
            s.setAttachError(error(message));
            return s;
        });
    }

    /** {@code status.detachError}, while the detach waits to be tried again. */
    public void detachError(String name, String message) {
        editStatus(name, "detachError", s -> {
            s.setDetachError(error(message));
            return s;
        });
    }

    /** {@code status.attached=false}, metadata and errors cleared, and Mooring's finalizer removed. */
    public void detached(String name) {
        editStatus(name, "detached", s -> {
            s.setAttached(false);
            s.setAttachmentMetadata(null);
            s.setAttachError(null);
            s.setDetachError(null);
            return s;
        });
        String finalizer = config.kube().finalizer();
        quietly(name, "finalizer removal", () -> {
            VolumeAttachment current = va(name).get();
            if (current != null && current.getMetadata().getFinalizers() != null
                    && current.getMetadata().getFinalizers().contains(finalizer)) {
                va(name).edit(v -> {
                    List<String> list = new ArrayList<>(v.getMetadata().getFinalizers());
                    list.remove(finalizer);
                    v.getMetadata().setFinalizers(list);
                    return v;
                });
            }
        });
    }

    private void editStatus(String name, String what, UnaryOperator<VolumeAttachmentStatus> change) {
        quietly(name, what, () -> va(name).editStatus(v -> {
            VolumeAttachmentStatus status = v.getStatus() == null ? new VolumeAttachmentStatus() : v.getStatus();
            v.setStatus(change.apply(status));
            return v;
        }));
    }

    private VolumeError error(String message) {
        VolumeError e = new VolumeError();
        e.setMessage(message);
        e.setTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        return e;
    }

    /**
     * A VolumeAttachment that is gone needs no status. A conflict — the other instance put the finalizer on, the
     * controller changed the object — is retried on the object as it is now: each call reads it afresh, and a status
     * lost to a conflict would leave the kubelet waiting. Other failures are logged and left to the next change.
     */
    private static void quietly(String name, String what, Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
                    LOG.debugf("volumeattachment=%s %s met a conflict, attempt %d: writing on the current object", name,
                            what, attempt);
                } else if (e.getCode() == 404) {
                    LOG.debugf("volumeattachment=%s gone, no %s written", name, what);
                    return;
                } else {
                    LOG.warnf("volumeattachment=%s %s not written: %s", name, what, e.getMessage());
                    return;
                }
            }
        }
    }
}
