package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.events.attachments.ConnectionHealed;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.kit.outbox.EnvelopeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Builds the events attach-svc emits on {@code mooring.attachments} (key = volume id). */
@ApplicationScoped
public class AttachmentEvents {

    @Inject
    EnvelopeFactory envelopes;

    public AttachRequested attachRequested(Attachment a) {
        return AttachRequested.newBuilder()
                .setEnvelope(envelopes.caused(a.volumeId, a.correlationId))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setSource(a.source)
                .build();
    }

    public DetachRequested detachRequested(Attachment a, String correlationId) {
        return DetachRequested.newBuilder()
                .setEnvelope(envelopes.caused(a.volumeId, correlationId))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .build();
    }

    public VolumeAttached attached(Attachment a, List<AttachmentPaths.Path> paths, AttachmentPaths.Device device,
                                   Cause cause) {
        return VolumeAttached.newBuilder()
                .setEnvelope(cause.envelope(envelopes, a.volumeId))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setPaths(paths.stream().map(EventShapes::arrayPath).toList())
                .setDevice(EventShapes.deviceIdentity(device))
                .build();
    }

    public AttachFailed failed(Attachment a, AttachFailureReason reason, String message, Cause cause) {
        return AttachFailed.newBuilder()
                .setEnvelope(envelope(a.volumeId, a.correlationId, cause))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setFailure(Failure.newBuilder().setReason(reason.name()).setMessage(message)
                        .setRetryable(reason.retryable()).build())
                .build();
    }

    public VolumeDetached detached(Attachment a, List<String> arrays, Cause cause) {
        return VolumeDetached.newBuilder()
                .setEnvelope(envelope(a.volumeId, a.correlationId, cause))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setArrays(arrays)
                .build();
    }

    public ConnectionHealed healed(String volumeId, String node, String array, String host, String action,
                                   Integer lun, String correlationId) {
        return ConnectionHealed.newBuilder()
                .setEnvelope(envelopes.caused(volumeId, correlationId))
                .setVolumeId(volumeId)
                .setNodeName(node)
                .setArray(array)
                .setHost(host)
                .setAction(action)
                .setLun(lun)
                .build();
    }

    /** Caused by {@code cause}; without one (a retry of the reconciliation loop), by the attachment's request. */
    private EventEnvelope envelope(String key, String correlationId, Cause cause) {
        return cause == null ? envelopes.caused(key, correlationId) : cause.envelope(envelopes, key);
    }
}
