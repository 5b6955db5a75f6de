package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.PathTransition;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.events.ArrayConnection;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.attachments.AttachmentPathChanged;
import dev.mooring.events.nodes.ConnectionCheck;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.kit.outbox.EnvelopeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Builds the events attach-svc emits about drives ({@code mooring.pools}, key = node name), takeovers and recoveries
 * ({@code mooring.nodes}, key = the failed or recovered node) and path changes ({@code mooring.attachments}, key =
 * volume id).
 */
@ApplicationScoped
public class PoolAndNodeEvents {

    @Inject
    EnvelopeFactory envelopes;

    public DriveAttached driveAttached(Drive d, AttachmentPaths.Path path, AttachmentPaths.Device device) {
        return DriveAttached.newBuilder()
                .setEnvelope(envelope(d.nodeName, d.correlationId, d.causeEventId))
                .setNodeName(d.nodeName)
                .setPoolId(d.poolId)
                .setDriveName(d.driveName)
                .setArray(d.arrayName)
                .setPath(EventShapes.arrayPath(path))
                .setDevice(EventShapes.deviceIdentity(device))
                .build();
    }

    public DriveAttachFailed driveAttachFailed(Drive d, String reason, String message, boolean retryable) {
        return DriveAttachFailed.newBuilder()
                .setEnvelope(envelope(d.nodeName, d.correlationId, d.causeEventId))
                .setNodeName(d.nodeName)
                .setPoolId(d.poolId)
                .setDriveName(d.driveName)
                .setArray(d.arrayName)
                .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(retryable).build())
                .build();
    }

    public DriveDetached driveDetached(Drive d, String fromNode, String host, String reason, Takeover t) {
        return DriveDetached.newBuilder()
                .setEnvelope(envelope(fromNode, t.correlationId, t.causeEventId))
                .setNodeName(fromNode)
                .setPoolId(d.poolId)
                .setDriveName(d.driveName)
                .setArray(d.arrayName)
                .setHost(host)
                .setReason(reason)
                .build();
    }

    public NodeFenced fenced(Takeover t, List<ArrayConnection> removed, List<String> verifiedArrays) {
        return NodeFenced.newBuilder()
                .setEnvelope(envelope(t.failedNode, t.correlationId, t.causeEventId))
                .setTakeoverId(t.takeoverId)
                .setFailedNode(t.failedNode)
                .setReplacementNode(t.replacementNode)
                .setRemoved(removed)
                .setVerifiedArrays(verifiedArrays)
                .build();
    }

    public NodeFencingFailed fencingFailed(Takeover t, String reason, String message) {
        return NodeFencingFailed.newBuilder()
                .setEnvelope(envelope(t.failedNode, t.correlationId, t.causeEventId))
                .setTakeoverId(t.takeoverId)
                .setFailedNode(t.failedNode)
                .setReplacementNode(t.replacementNode)
                .setFailure(Failure.newBuilder().setReason(reason).setMessage(message).setRetryable(true).build())
                .build();
    }

    public DrivesMoved drivesMoved(Takeover t, List<ArrayConnection> connections) {
        return DrivesMoved.newBuilder()
                .setEnvelope(envelope(t.failedNode, t.correlationId, t.causeEventId))
                .setTakeoverId(t.takeoverId)
                .setFailedNode(t.failedNode)
                .setReplacementNode(t.replacementNode)
                .setConnections(connections)
                .build();
    }

    public NodeConnectionsVerified verified(String node, List<ConnectionCheck> results, Cause cause) {
        return NodeConnectionsVerified.newBuilder()
                .setEnvelope(cause.envelope(envelopes, node))
                .setNodeName(node)
                .setResults(results)
                .build();
    }

    public AttachmentPathChanged pathChanged(Attachment a, String array, PathTransition.Target target,
                                             EventEnvelope cause) {
        return AttachmentPathChanged.newBuilder()
                .setEnvelope(envelopes.causedBy(a.volumeId, cause))
                .setAttachmentId(a.id)
                .setVolumeId(a.volumeId)
                .setNodeName(a.nodeName)
                .setArray(array)
                .setState(target.state().name())
                .setReason(target.reason())
                .build();
    }

    public static ArrayConnection connection(String array, String host, String volume) {
        return ArrayConnection.newBuilder().setArray(array).setHost(host).setVolume(volume).build();
    }

    private EventEnvelope envelope(String key, String correlationId, java.util.UUID causationId) {
        return new Cause(causationId, correlationId).envelope(envelopes, key);
    }
}
