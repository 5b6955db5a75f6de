package dev.mooring.attach.rest;

import dev.mooring.attach.domain.PathTransition;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.PathStateRecord;
import dev.mooring.attach.repository.PathStateRepository;
import dev.mooring.attach.repository.PodArrayStatusRecord;
import dev.mooring.attach.repository.PodArrayStatusRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of attachments' paths for the REST views: the stored state of a path that changed, else what the last
 * known status of the volume's pod on that array means (up when none), in the caller's session.
 */
@ApplicationScoped
public class PathStates {

    /** A path's state, reason and since when (reason and since null for a path that was always up). */
    public record State(String state, String reason, OffsetDateTime since) {
    }

    /** What is known for a set of attachments. */
    public record Known(Map<String, PathStateRecord> rows, Map<String, String> podOfVolume,
                        Map<String, PodArrayStatusRecord> podStatus) {

        public State of(Attachment a, String array) {
            PathStateRecord row = rows.get(PathStateRecord.idOf(a.id, array));
            if (row != null) {
                return new State(row.state.name(), row.reason, row.since);
            }
            String pod = podOfVolume.get(a.volumeId);
            PodArrayStatusRecord status = pod == null ? null : podStatus.get(PodArrayStatusRecord.idOf(pod, array));
            if (status == null) {
                return new State(PathTransition.State.up.name(), null, null);
            }
            return PathTransition.target(status.status)
                    .map(t -> new State(t.state().name(), t.state() == PathTransition.State.up ? null : t.reason(),
                            t.state() == PathTransition.State.up ? null : status.changedAt))
                    .orElse(new State(PathTransition.State.up.name(), null, null));
        }
    }

    static final Known NONE = new Known(Map.of(), Map.of(), Map.of());

    @Inject
    PathStateRepository rows;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    PodArrayStatusRepository pods;

    public Uni<Known> of(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return Uni.createFrom().item(NONE);
        }
        List<String> ids = attachments.stream().map(a -> a.id).toList();
        List<String> volumeIds = attachments.stream().map(a -> a.volumeId).distinct().toList();
        return rows.list("attachmentId in ?1", ids).chain(states -> volumes.list("volumeId in ?1", volumeIds)
                .chain(vs -> pods.listAll().map(all -> {
                    Map<String, PathStateRecord> byId = new HashMap<>();
                    states.forEach(s -> byId.put(s.id, s));
                    Map<String, String> podOf = new HashMap<>();
                    for (KnownVolume v : vs) {
                        if (v.podName != null) {
                            podOf.put(v.volumeId, v.podName);
                        }
                    }
                    Map<String, PodArrayStatusRecord> status = new HashMap<>();
                    all.forEach(p -> status.put(p.id, p));
                    return new Known(byId, podOf, status);
                })));
    }
}
