package dev.mooring.attach.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.repository.Attachment;
import java.time.OffsetDateTime;
import java.util.List;

/** An attachment as the REST API shows it: state, and once attached the paths per array and the device. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttachmentView(String id, String volumeId, String nodeName, String source, AttachmentState state,
                             FailureView failure, List<PathView> paths, AttachmentPaths.Device device,
                             OffsetDateTime requestedAt, OffsetDateTime updatedAt) {

    /** Why the attachment failed (or why its detach waits): stable reason, message, whether a retry may help. */
    public record FailureView(String reason, String message, Boolean retryable) {
    }

    /**
     * The path through one array, with its state: {@code up}, or {@code down} while the array does not serve the
     * volume's ActiveCluster pod ({@code stateReason} ArrayOffline, ArrayResyncing, ArrayStatusUnknown), since when.
     */
    public record PathView(String array, String host, String protocol, int lun, String targetIqn, List<String> portals,
                           List<String> targetWwns, String state, String stateReason, OffsetDateTime stateSince) {

        public static PathView of(AttachmentPaths.Path p, PathStates.State s) {
            return new PathView(p.array(), p.host(), p.protocol().name(), p.lun(), p.targetIqn(), p.portals(),
                    p.targetWwns(), s.state(), s.reason(), s.since());
        }
    }

    public static AttachmentView of(Attachment a, List<PathView> paths, AttachmentPaths.Device device) {
        return new AttachmentView(a.id, a.volumeId, a.nodeName, a.source, a.state,
                a.failureReason == null ? null : new FailureView(a.failureReason, a.failureMessage, a.failureRetryable),
                paths.isEmpty() ? null : paths, device, a.requestedAt, a.updatedAt);
    }
}
