package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.domain.PathTransition;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.PathStateRecord;
import dev.mooring.attach.repository.PathStateRepository;
import dev.mooring.attach.repository.PodArrayStatusRecord;
import dev.mooring.attach.repository.PodArrayStatusRepository;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code PodArrayStatusChanged} → the paths through that array of every attached volume of that ActiveCluster pod
 * follow {@link PathTransition}; each change of a path is stored and reported once ({@code AttachmentPathChanged}),
 * in the transaction that claims the event.
 */
@ApplicationScoped
public class FollowPodPaths {

    static final String HANDLER = "pod-paths";
    private static final Logger LOG = Logger.getLogger(FollowPodPaths.class);

    @Inject
    PodArrayStatusRepository podStatus;

    @Inject
    PathStateRepository pathStates;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    AttachmentRepository attachments;

    @Inject
    Intake intake;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    public Uni<Void> on(PodArrayStatusChanged event) {
        EventEnvelope envelope = event.getEnvelope();
        String pod = event.getPodName();
        String array = event.getArray();
        String status = event.getStatus();
        OffsetDateTime at = OffsetDateTime.ofInstant(envelope.getOccurredAt(), ZoneOffset.UTC);
        return intake.once(HANDLER, envelope, () -> podStatus.findById(PodArrayStatusRecord.idOf(pod, array))
                .chain(previous -> {
                    String before = previous == null ? null : previous.status;
                    PodArrayStatusRecord r = previous != null ? previous : new PodArrayStatusRecord();
                    r.id = PodArrayStatusRecord.idOf(pod, array);
                    r.podName = pod;
                    r.arrayName = array;
                    r.status = status;
                    r.changedAt = at;
                    LOG.infof("pod=%s array=%s status %s -> %s", pod, array, before, status);
                    return (previous != null ? Uni.createFrom().voidItem() : podStatus.persist(r).replaceWithVoid())
                            .chain(() -> volumes.list("podName = ?1 and state = ?2", pod,
                                    KnownVolumeState.Provisioned))
                            .chain(vs -> followAll(vs, array, status, before, at, envelope));
                })).replaceWithVoid();
    }

    private Uni<Void> followAll(List<KnownVolume> vs, String array, String status, String before, OffsetDateTime at,
                                EventEnvelope cause) {
        List<String> ids = vs.stream().filter(v -> v.arrayList().contains(array)).map(v -> v.volumeId).toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return attachments.list("volumeId in ?1 and state = ?2", ids, AttachmentState.Attached).chain(attached -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Attachment a : attached) {
                chain = chain.chain(() -> follow(a, array, status, before, at, cause));
            }
            return chain;
        });
    }

    private Uni<Void> follow(Attachment a, String array, String status, String before, OffsetDateTime at,
                             EventEnvelope cause) {
        return pathStates.findById(PathStateRecord.idOf(a.id, array)).chain(row -> {
            PathTransition.State current = row != null ? row.state : PathTransition.initial(before);
            var change = PathTransition.change(current, status);
            if (change.isEmpty()) {
                // Still down (e.g. offline → resyncing): the reason is brought up to date, nothing is reported.
                PathTransition.target(status).filter(t -> row != null).ifPresent(t -> row.reason = t.reason());
                return Uni.createFrom().voidItem();
            }
            PathStateRecord r = row != null ? row : new PathStateRecord();
            r.id = PathStateRecord.idOf(a.id, array);
            r.attachmentId = a.id;
            r.arrayName = array;
            r.state = change.get().state();
            r.reason = change.get().reason();
            r.since = at;
            LOG.infof("attachment=%s volume=%s node=%s array=%s path %s (%s)", a.id, a.volumeId, a.nodeName, array,
                    r.state, r.reason);
            return (row != null ? Uni.createFrom().voidItem() : pathStates.persist(r).replaceWithVoid())
                    .chain(() -> outbox.record(events.pathChanged(a, array, change.get(), cause)));
        });
    }
}
