package dev.mooring.attach.service;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What each reconciliation pass asks for again: detaches that could not finish (a detach job each, unless one waits
 * already), and VolumeAttachments whose attach failed for a reason no event will cure, once the failure is
 * {@code mooring.attach.reconcile.retry-failed-after} old (as the external-attacher retries).
 */
@ApplicationScoped
public class RetryStalledWork {

    /** Failures that an event (not the clock) wakes: the holder's detach, initiators, the volume becoming known. */
    private static final List<String> WOKEN_BY_EVENTS = List.of(AttachFailureReason.HeldByAnotherNode.name(),
            AttachFailureReason.NoInitiators.name(), AttachFailureReason.VolumeUnknown.name(),
            AttachFailureReason.VolumeDeleted.name(), AttachFailureReason.NodeFenced.name());

    @Inject
    AttachmentRepository attachments;

    @Inject
    DetachVolume detach;

    @Inject
    RequestAttachment requests;

    @Inject
    AttachConfig config;

    @Inject
    Clock clock;

    /** Asks for a detach job for every detach that could not finish; how many were asked for. */
    public Uni<Integer> detaches() {
        return Panache.withTransaction(() -> attachments.stuckDetaches().chain(stuck -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Attachment a : stuck) {
                chain = chain.chain(n -> detach.retry(a).map(asked -> asked ? n + 1 : n));
            }
            return chain;
        }));
    }

    /** Requests again the failed attaches of VolumeAttachments that are old enough; how many. */
    public Uni<Integer> attaches() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(config.reconcile().retryFailedAfter());
        return Panache.withTransaction(() -> attachments.failuresFromVolumeAttachmentsBefore(before, WOKEN_BY_EVENTS)
                .chain(failed -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Attachment a : failed) {
                        chain = chain.chain(n -> requests.again(a, a.correlationId).replaceWith(n + 1));
                    }
                    return chain;
                }));
    }
}
