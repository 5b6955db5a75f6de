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
                             FailureView failure, List<AttachmentPaths.Path> paths, AttachmentPaths.Device device,
                             OffsetDateTime requestedAt, OffsetDateTime updatedAt) {

    /** Why the attachment failed (or why its detach waits): stable reason, message, whether a retry may help. */
    public record FailureView(String reason, String message, Boolean retryable) {
    }

    public static AttachmentView of(Attachment a, List<AttachmentPaths.Path> paths, AttachmentPaths.Device device) {
        return new AttachmentView(a.id, a.volumeId, a.nodeName, a.source, a.state,
                a.failureReason == null ? null : new FailureView(a.failureReason, a.failureMessage, a.failureRetryable),
                paths.isEmpty() ? null : paths, device, a.requestedAt, a.updatedAt);
    }
}
