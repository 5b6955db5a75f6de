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
                                   EventEnvelope cause) {
        return VolumeAttached.newBuilder()
                .setEnvelope(envelopes.causedBy(a.volumeId, cause))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setPaths(paths.stream().map(EventShapes::arrayPath).toList())
                .setDevice(EventShapes.deviceIdentity(device))
                .build();
    }

    public AttachFailed failed(Attachment a, AttachFailureReason reason, String message, EventEnvelope cause) {
        return AttachFailed.newBuilder()
                .setEnvelope(envelope(a.volumeId, a.correlationId, cause))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setFailure(Failure.newBuilder().setReason(reason.name()).setMessage(message)
                        .setRetryable(reason.retryable()).build())
                .build();
    }

    public VolumeDetached detached(Attachment a, List<String> arrays, EventEnvelope cause) {
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

    private EventEnvelope envelope(String key, String correlationId, EventEnvelope cause) {
        return cause == null ? envelopes.caused(key, correlationId) : envelopes.causedBy(key, cause);
    }
}
