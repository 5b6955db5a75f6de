package dev.mooring.provisioner.service;

import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.metrics.RequestOutcomes;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.PoolPlacementRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deleting a volume: the user's request is recorded with {@code VolumeDeleteRequested}; the event records a
 * {@code delete-volume} job that destroys the array volume (recoverable on the array for its eradication delay)
 * and ends in {@code VolumeDeleted}.
 * If the array refuses or cannot be reached, the volume stays {@code Deleting} with the reason, and asking
 * again retries.
 */
@ApplicationScoped
public class DeleteVolume implements JobHandler {

    /** What a {@code delete-volume} job is about. */
    public record Work(UUID volumeId, EventCause cause) {
    }

    static final String HANDLER = "delete-volume";
    public static final String KIND = "delete-volume";
    private static final Logger LOG = Logger.getLogger(DeleteVolume.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    RequestOutcomes outcomes;

    @Inject
    ArrayVolumes arrays;

    @Inject
    PoolPlacementRepository pools;

    @Inject
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    VolumeArrayJobs volumeJobs;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    /** Records the request; a volume already being deleted is asked again only when its last try failed. */
    public Uni<VolumeRecord> request(UUID volumeId, String correlationId) {
        // Under the row's lock: two requests at once (to two instances) record one deletion.
        return Panache.withTransaction(() -> volumes.findById(volumeId, LockModeType.PESSIMISTIC_WRITE).chain(volume -> volume == null
                ? Uni.createFrom().nullItem() : requestIn(volume, correlationId)));
    }

    /** Records the request for a volume read in the ongoing transaction. */
    public Uni<VolumeRecord> requestIn(VolumeRecord volume, String correlationId) {
        if (volume.state == VolumeState.Deleted
                || (volume.state == VolumeState.Deleting && volume.failureReason == null)) {
            return Uni.createFrom().item(volume);
        }
        volume.state = VolumeState.Deleting;
        volume.failureReason = null;
        volume.failureMessage = null;
        volume.failureRetryable = null;
        volume.updatedAt = OffsetDateTime.now(clock);
        LOG.infof("volume=%s name=%s deletion requested", volume.id, volume.name);
        return outbox.record(VolumeDeleteRequested.newBuilder()
                .setEnvelope(envelopes.caused(volume.id.toString(), correlationId))
                .setVolumeId(volume.id.toString())
                .build()).replaceWith(volume);
    }

    public Uni<Void> on(VolumeDeleteRequested event) {
        UUID volumeId = UUID.fromString(event.getVolumeId());
        EventCause cause = EventCause.of(event.getEnvelope());
        return intake.once(HANDLER, event.getEnvelope(), () -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Deleting) {
                return Uni.createFrom().voidItem();
            }
            if (volume.adopted()) {
                // Its array volume belongs to the cluster domain it came from: the record goes, the array volume stays.
                LOG.infof("volume=%s adopted from %s: array volume %s is kept, only the record is deleted", volume.id,
                        volume.adoptedFrom, volume.arrayVolumeName);
                return apply(cause, volume, new ArrayOutcome.Done(volume.arrayVolumeName, List.of(), null, 0));
            }
            if (volume.poolBacked()) {
                // Its replicas are space in pools, not array volumes: releasing them is the deletion.
                return apply(cause, volume, new ArrayOutcome.Done(volume.arrayVolumeName, List.of(), null, 0));
            }
            return jobs.enqueue(KIND, volumeId.toString(), new Work(volumeId, cause));
        })).replaceWithVoid();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Destroys the array volume outside any transaction, then records the outcome and ends the job in one. */
    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        return volumeJobs.run(job, work.volumeId(), VolumeState.Deleting,
                // Wherever it is known to be, and wherever its create intent says it may be.
                volume -> arrays.whereItMayBe(volume.id.toString(), volume.arrayList())
                        .chain(where -> arrays.destroy(volume.arrayVolumeName, where)),
                (volume, outcome) -> apply(work.cause(), volume, outcome));
    }

    private Uni<Void> apply(EventCause cause, VolumeRecord volume, ArrayOutcome outcome) {
        volume.updatedAt = OffsetDateTime.now(clock);
        if (outcome instanceof ArrayOutcome.Refused refused) {
            volume.failureReason = refused.reason();
            volume.failureMessage = refused.message();
            volume.failureRetryable = refused.retryable();
            outcomes.record(RequestOutcomes.Kind.VOLUME_DELETE, false, cause.occurredAt());
            LOG.warnf("volume=%s deletion failed: %s", volume.id, refused.message());
            return Uni.createFrom().voidItem();
        }
        ArrayOutcome.Done done = (ArrayOutcome.Done) outcome;
        volume.state = VolumeState.Deleted;
        outcomes.record(RequestOutcomes.Kind.VOLUME_DELETE, true, cause.occurredAt());
        if (volume.poolBacked()) {
            LOG.infof("volume=%s deleted: its replicas' space goes back to their pools", volume.id);
        } else if (!volume.adopted()) {
            LOG.infof("volume=%s array-volume=%s destroyed on %s", volume.id, volume.arrayVolumeName, done.arrays());
        }
        Uni<Void> released = volume.poolBacked() ? pools.releaseReplicas(volume.id).replaceWithVoid()
                : arrays.forgetIntent(volume.id.toString());
        return released.chain(() -> outbox.record(VolumeDeleted.newBuilder()
                .setEnvelope(envelopes.causedBy(volume.id.toString(), cause.envelope()))
                .setVolumeId(volume.id.toString())
                .setArrayVolumeName(volume.arrayVolumeName)
                .setArrays(done.arrays())
                .build()));
    }
}
