package dev.mooring.attach.repository;

import dev.mooring.attach.domain.AttachmentState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Queries on attachments; callers open the session or transaction. */
@ApplicationScoped
public class AttachmentRepository implements PanacheRepositoryBase<Attachment, String> {

    private static final List<AttachmentState> HOLDING = List.of(AttachmentState.Attaching, AttachmentState.Attached,
            AttachmentState.Detaching);
    private static final List<AttachmentState> IN_FLIGHT = List.of(AttachmentState.Requested,
            AttachmentState.Attaching, AttachmentState.Detaching);

    /** The attachments that hold a volume now (attaching, attached or detaching), on any node. */
    public Uni<List<Attachment>> holding(String volumeId) {
        return list("volumeId = ?1 and state in ?2", volumeId, HOLDING);
    }

    /** The attachments of a volume on a node that are not finished (not detached). */
    public Uni<List<Attachment>> current(String volumeId, String nodeName) {
        return list("volumeId = ?1 and nodeName = ?2 and state <> ?3", Sort.by("requestedAt"), volumeId, nodeName,
                AttachmentState.Detached);
    }

    /** Every attachment in one of the states. */
    public Uni<List<Attachment>> inStates(List<AttachmentState> states) {
        return list("state in ?1", states);
    }

    public Uni<List<Attachment>> attached() {
        return inStates(List.of(AttachmentState.Attached));
    }

    public Uni<List<Attachment>> inFlight() {
        return inStates(IN_FLIGHT);
    }

    /** Failed attachments from VolumeAttachments whose failure says a later attempt may succeed. */
    public Uni<List<Attachment>> retryableFailuresFromVolumeAttachments() {
        return list("state = ?1 and failureRetryable = true and source = ?2", AttachmentState.Failed,
                Attachment.SOURCE_VOLUME_ATTACHMENT);
    }

    /** Failed attachments from VolumeAttachments, last changed before the time, with none of the reasons. */
    public Uni<List<Attachment>> failuresFromVolumeAttachmentsBefore(java.time.OffsetDateTime before,
                                                                   List<String> exceptReasons) {
        return list("state = ?1 and source = ?2 and updatedAt < ?3 and failureReason not in ?4", AttachmentState.Failed,
                Attachment.SOURCE_VOLUME_ATTACHMENT, before, exceptReasons);
    }

    /** Failed attachments of a volume with the given failure reason. */
    public Uni<List<Attachment>> failedOfVolume(String volumeId, String reason) {
        return list("volumeId = ?1 and state = ?2 and failureReason = ?3", volumeId, AttachmentState.Failed, reason);
    }

    /** Failed attachments on a node with one of the given failure reasons. */
    public Uni<List<Attachment>> failedOnNode(String nodeName, List<String> reasons) {
        return list("nodeName = ?1 and state = ?2 and failureReason in ?3", nodeName, AttachmentState.Failed, reasons);
    }

    /** Detaches that could not finish (an array away): they carry the reason while they wait. */
    public Uni<List<Attachment>> stuckDetaches() {
        return list("state = ?1 and failureReason is not null", AttachmentState.Detaching);
    }

    /** Attachments filtered by volume, node and state (each optional), oldest first. */
    public Uni<List<Attachment>> list(String volumeId, String nodeName, AttachmentState state, int pageIndex,
                                      int pageSize) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (volumeId != null) {
            where.add("volumeId = :volumeId");
            params.and("volumeId", volumeId);
        }
        if (nodeName != null) {
            where.add("nodeName = :nodeName");
            params.and("nodeName", nodeName);
        }
        if (state != null) {
            where.add("state = :state");
            params.and("state", state);
        }
        Sort order = Sort.by("requestedAt").and("id");
        var query = where.isEmpty() ? findAll(order) : find(String.join(" and ", where), order, params);
        return query.page(Page.of(pageIndex, pageSize)).list();
    }
}
