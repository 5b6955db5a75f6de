package dev.mooring.attach.service;

import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Commands that enter from outside — the REST API and the VolumeAttachment watcher — become attachment rows and
 * {@code AttachRequested} / {@code DetachRequested} events, committed together through the outbox. The work on
 * the arrays happens when the event comes back from Kafka. Asking again for what is already asked changes nothing.
 */
@ApplicationScoped
public class RequestAttachment {

    private static final Logger LOG = Logger.getLogger(RequestAttachment.class);

    @Inject
    AttachmentRepository attachments;

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents events;

    @Inject
    Clock clock;

    /** The attachment a request refers to, and whether this request started (or restarted) work on it. */
    public record Accepted(Attachment attachment, boolean started) {
    }

    /** Thrown when an attachment made by a VolumeAttachment is to be detached through the REST API. */
    public static final class ManagedByVolumeAttachmentException extends RuntimeException {
        public ManagedByVolumeAttachmentException(String message) {
            super(message);
        }
    }

    /**
     * {@code POST /api/v1/attachments}: the current attachment of the volume on the node when there is one (a
     * failed one is requested again), else a new one with a fresh id.
     */
    public Uni<Accepted> fromApi(String volumeId, String nodeName, String correlationId) {
        // Under the volume-on-node lock: two requests at once (to two instances) make one attachment.
        return Panache.withTransaction(() -> TransactionLocks.hold("attachment:" + volumeId + "@" + nodeName)
                .chain(() -> attachments.current(volumeId, nodeName)).chain(current -> {
            Attachment existing = current.stream().filter(a -> a.state != AttachmentState.Detaching).findFirst()
                    .orElse(null);
            if (existing == null) {
                return create(UUID.randomUUID().toString(), volumeId, nodeName, Attachment.SOURCE_API, correlationId);
            }
            if (existing.state == AttachmentState.Failed) {
                return again(existing, correlationId).map(a -> new Accepted(a, true));
            }
            return Uni.createFrom().item(new Accepted(existing, false));
        }));
    }

    /**
     * A VolumeAttachment of Mooring's attacher exists: its attachment (id = the VolumeAttachment's name) is made
     * once; one that was detached (a VolumeAttachment deleted and created again under the same name) starts anew.
     */
    public Uni<Accepted> fromVolumeAttachment(String name, String volumeId, String nodeName, String correlationId) {
        // Under the VolumeAttachment's lock: both instances' watchers see it; the second reads the first's row.
        return Panache.withTransaction(() -> lockVolumeAttachment(name).chain(() -> attachments.findById(name)).chain(existing -> {
                    if (existing == null) {
                        return create(name, volumeId, nodeName, Attachment.SOURCE_VOLUME_ATTACHMENT, correlationId);
                    }
                    if (existing.state == AttachmentState.Detached) {
                        existing.volumeId = volumeId;
                        existing.nodeName = nodeName;
                        existing.paths = null;
                        existing.requestedAt = now();
                        return again(existing, correlationId).map(a -> new Accepted(a, true));
                    }
                    return Uni.createFrom().item(new Accepted(existing, false));
                }))
                .onFailure(ConstraintViolationException.class).recoverWithUni(() ->
                        // The same VolumeAttachment seen twice at once: the other one recorded it.
                        Panache.withSession(() -> attachments.findById(name)).map(a -> new Accepted(a, false)));
    }

    /** {@code DELETE /api/v1/attachments/{id}}: null when there is no such attachment. */
    public Uni<Attachment> detachFromApi(String id, String correlationId) {
        return Panache.withTransaction(() -> attachments.findById(id).chain(a -> {
            if (a != null && a.fromVolumeAttachment() && a.state.detachable()) {
                return Uni.createFrom().failure(new ManagedByVolumeAttachmentException("Attachment " + id
                        + " belongs to VolumeAttachment " + id + "; delete the VolumeAttachment (or the pod using the"
                        + " volume) to detach it"));
            }
            return detach(a, correlationId);
        }));
    }

    /** The VolumeAttachment is being deleted (or is gone): detach. */
    public Uni<Attachment> detachForVolumeAttachment(String name, String correlationId) {
        return Panache.withTransaction(() -> lockVolumeAttachment(name).chain(() -> attachments.findById(name))
                .chain(a -> detach(a, correlationId)));
    }

    /**
     * Requests a failed attachment again, in the caller's transaction (a detach that freed its volume, initiators
     * that arrived, the reconciliation loop's retry).
     */
    public Uni<Attachment> again(Attachment a, String correlationId) {
        LOG.infof("attachment=%s volume=%s node=%s requested again (was %s %s)", a.id, a.volumeId, a.nodeName,
                a.state, a.failureReason == null ? "" : a.failureReason);
        a.state = AttachmentState.Requested;
        a.clearFailure();
        a.correlationId = correlationId;
        a.updatedAt = now();
        return outbox.record(events.attachRequested(a)).replaceWith(a);
    }

    private Uni<Attachment> detach(Attachment a, String correlationId) {
        if (a == null || !a.state.detachable()) {
            return Uni.createFrom().item(a);
        }
        LOG.infof("attachment=%s volume=%s node=%s detach requested (was %s)", a.id, a.volumeId, a.nodeName, a.state);
        a.state = AttachmentState.Detaching;
        a.clearFailure();
        a.updatedAt = now();
        return outbox.record(events.detachRequested(a, correlationId)).replaceWith(a);
    }

    private Uni<Accepted> create(String id, String volumeId, String nodeName, String source, String correlationId) {
        Attachment a = new Attachment();
        a.id = id;
        a.volumeId = volumeId;
        a.nodeName = nodeName;
        a.source = source;
        a.state = AttachmentState.Requested;
        a.correlationId = correlationId;
        a.requestedAt = now();
        a.updatedAt = a.requestedAt;
        LOG.infof("attachment=%s volume=%s node=%s source=%s attach requested", id, volumeId, nodeName, source);
        return attachments.persist(a).chain(() -> outbox.record(events.attachRequested(a)))
                .replaceWith(new Accepted(a, true));
    }

    private static Uni<Void> lockVolumeAttachment(String name) {
        return TransactionLocks.hold("volume-attachment:" + name);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
