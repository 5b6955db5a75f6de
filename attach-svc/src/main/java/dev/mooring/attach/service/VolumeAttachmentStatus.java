package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.Protocol;
import dev.mooring.attach.kube.VolumeAttachmentWriter;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.kit.background.SafeContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Projects attachment outcomes onto the VolumeAttachments they came from (status subresource, finalizer). It reads
 * attach-svc's own events, so a status is written only for a fact that committed, and only while the attachment
 * is still in the state the event reports (a late event never overwrites a newer outcome). Best effort: a status
 * that could not be written is written again when the informer sees the VolumeAttachment next.
 */
@ApplicationScoped
public class VolumeAttachmentStatus {

    private static final Logger LOG = Logger.getLogger(VolumeAttachmentStatus.class);

    @Inject
    AttachmentRepository attachments;

    @Inject
    VolumeAttachmentWriter writer;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    SafeContexts contexts;

    public Uni<Void> on(VolumeAttached event) {
        // An unknown protocol makes an event that can never be shown: poison (dead-lettered), not a failed write.
        List<AttachmentPaths.Path> paths = event.getPaths().stream().map(p -> new AttachmentPaths.Path(
                p.getArray(), p.getHost(), Protocol.valueOf(p.getProtocol()), p.getLun(), p.getTargetIqn(),
                p.getPortals(), p.getTargetWwns())).toList();
        var d = event.getDevice();
        AttachmentPaths.Device device = new AttachmentPaths.Device(d.getSerial(), d.getWwid(), d.getMapperPath(),
                d.getByIdPaths());
        return whenStill(event.getAttachmentId(), AttachmentState.Attached,
                a -> writer.attached(a.id, AttachmentPaths.metadata(paths, device)));
    }

    public Uni<Void> on(AttachFailed event) {
        return whenStill(event.getAttachmentId(), AttachmentState.Failed,
                a -> writer.attachError(a.id, event.getFailure().getReason() + ": " + event.getFailure().getMessage()));
    }

    public Uni<Void> on(VolumeDetached event) {
        return whenStill(event.getAttachmentId(), AttachmentState.Detached, a -> writer.detached(a.id));
    }

    /** A VolumeAttachment being deleted that has nothing (left) to detach: let its deletion proceed. */
    public Uni<Void> detached(String name) {
        return blocking(() -> writer.detached(name));
    }

    /** A detach that waits for another try. */
    public Uni<Void> detachError(String attachmentId, String message) {
        return blocking(() -> writer.detachError(attachmentId, message));
    }

    /**
     * Writes the status a VolumeAttachment should have for its attachment's current state, when the status it has
     * says otherwise (a write that failed earlier).
     */
    public Uni<Void> reproject(Attachment a, boolean shownAttached, boolean shownAttachError) {
        if (!a.fromVolumeAttachment()) {
            return Uni.createFrom().voidItem();
        }
        if (a.state == AttachmentState.Attached && !shownAttached) {
            var metadata = AttachmentPaths.metadata(pathsJson.read(a.paths), AttachVolume.device(a.serial));
            return blocking(() -> writer.attached(a.id, metadata));
        }
        if (a.state == AttachmentState.Failed && !shownAttachError && a.failureMessage != null) {
            return blocking(() -> writer.attachError(a.id, a.failureReason + ": " + a.failureMessage));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> whenStill(String attachmentId, AttachmentState state, java.util.function.Consumer<Attachment> write) {
        return Panache.withSession(() -> attachments.findById(attachmentId)).chain(a -> {
            if (a == null || !a.fromVolumeAttachment() || a.state != state) {
                return Uni.createFrom().voidItem();
            }
            return blocking(() -> write.accept(a));
        }).onFailure().recoverWithUni(e -> {
            LOG.warnf("attachment=%s VolumeAttachment status not written: %s", attachmentId, e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** A write through the Kubernetes client, off the event loop; the work after it resumes on the caller's context. */
    private Uni<Void> blocking(Runnable call) {
        return contexts.blocking(() -> {
            call.run();
            return null;
        }).replaceWithVoid();
    }
}
