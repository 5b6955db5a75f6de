package dev.mooring.provisioner.service;

import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeResizeFailed;
import dev.mooring.events.volumes.VolumeResizeRequested;
import dev.mooring.events.volumes.VolumeResized;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.kit.metrics.RequestOutcomes;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Growing a volume (PVC expansion): the larger size is recorded with {@code VolumeResizeRequested} once per
 * size; the event records a {@code resize-volume} job that resizes the array volume (an absolute size, safe to repeat) and ends in
 * {@code VolumeResized} or {@code VolumeResizeFailed}. A failed resize clears the request, so the claim's
 * next look asks again.
 */
@ApplicationScoped
public class ResizeVolume implements JobHandler {

    /** What a {@code resize-volume} job is about: the volume and the size asked for. */
    public record Work(UUID volumeId, long sizeBytes, EventCause cause) {
    }

    static final String HANDLER = "resize-volume";
    public static final String KIND = "resize-volume";
    private static final Logger LOG = Logger.getLogger(ResizeVolume.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    RequestOutcomes outcomes;

    @Inject
    ArrayVolumes arrays;

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

    /** What became of a resize asked for over the API, and the volume as it now is (null when unknown). */
    public record ApiResize(Answer answer, VolumeRecord volume) {

        /** Requested (or already on its way), or why it cannot be. */
        public enum Answer { REQUESTED, ALREADY_REQUESTED, NOT_FOUND, NOT_READY, NOT_LARGER, POOL_BACKED, CLAIM_OWNED }
    }

    /**
     * A resize asked for over the API. Unlike a claim's, every refusal is answered with its reason: a claim's
     * volume grows with its claim (else the two disagree), a pool-backed one cannot grow yet, and a volume only
     * grows.
     */
    public Uni<ApiResize> requestOverApi(UUID volumeId, long sizeBytes, String correlationId) {
        return Panache.withSession(() -> volumes.findById(volumeId)).chain(volume -> {
            ApiResize.Answer refusal = volume == null ? ApiResize.Answer.NOT_FOUND
                    : volume.claimName != null ? ApiResize.Answer.CLAIM_OWNED
                    : volume.poolBacked() ? ApiResize.Answer.POOL_BACKED
                    : volume.state != VolumeState.Ready ? ApiResize.Answer.NOT_READY
                    : volume.sizeBytes >= sizeBytes ? ApiResize.Answer.NOT_LARGER : null;
            if (refusal != null) {
                return Uni.createFrom().item(new ApiResize(refusal, volume));
            }
            return request(volumeId, sizeBytes, correlationId).chain(requested -> Panache.withSession(
                    () -> volumes.findById(volumeId)).map(now -> new ApiResize(requested
                    ? ApiResize.Answer.REQUESTED : ApiResize.Answer.ALREADY_REQUESTED, now)));
        });
    }

    /** Records the request unless the volume has that size or a resize to it (or more) is on its way. */
    public Uni<Boolean> request(UUID volumeId, long sizeBytes, String correlationId) {
        return Panache.withTransaction(() -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Ready || volume.sizeBytes >= sizeBytes
                    || (volume.requestedSizeBytes != null && volume.requestedSizeBytes >= sizeBytes)) {
                return Uni.createFrom().item(Boolean.FALSE);
            }
            volume.requestedSizeBytes = sizeBytes;
            volume.updatedAt = OffsetDateTime.now(clock);
            LOG.infof("volume=%s resize from %s to %s requested", volume.id, Quantity.format(volume.sizeBytes),
                    Quantity.format(sizeBytes));
            return outbox.record(VolumeResizeRequested.newBuilder()
                    .setEnvelope(envelopes.caused(volume.id.toString(), correlationId))
                    .setVolumeId(volume.id.toString())
                    .setSizeBytes(sizeBytes)
                    .build()).replaceWith(Boolean.TRUE);
        }));
    }

    public Uni<Void> on(VolumeResizeRequested event) {
        UUID volumeId = UUID.fromString(event.getVolumeId());
        Work work = new Work(volumeId, event.getSizeBytes(), EventCause.of(event.getEnvelope()));
        return intake.once(HANDLER, event.getEnvelope(), () -> volumes.findById(volumeId).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Ready) {
                return Uni.createFrom().voidItem();
            }
            if (volume.poolBacked()) {
                return apply(work, volume, new ArrayOutcome.Refused("ResizeNotSupported", "Volume " + volume.name
                        + " is pool-backed; growing its replicas in their pools is not supported yet", false,
                        List.of()));
            }
            return jobs.enqueue(KIND, volumeId.toString(), work);
        })).replaceWithVoid();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Resizes on the array outside any transaction, then records the outcome and ends the job in one. */
    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        return volumeJobs.run(job, work.volumeId(), VolumeState.Ready,
                volume -> arrays.resize(volume.arrayVolumeName, volume.arrayList(), work.sizeBytes()),
                (volume, outcome) -> apply(work, volume, outcome));
    }

    private Uni<Void> apply(Work work, VolumeRecord volume, ArrayOutcome outcome) {
        long size = work.sizeBytes();
        volume.updatedAt = OffsetDateTime.now(clock);
        if (volume.requestedSizeBytes != null && volume.requestedSizeBytes <= size) {
            volume.requestedSizeBytes = null;
        }
        if (outcome instanceof ArrayOutcome.Done done) {
            volume.sizeBytes = Math.max(volume.sizeBytes, Math.max(done.sizeBytes(), size));
            outcomes.record(RequestOutcomes.Kind.VOLUME_RESIZE, true, work.cause().occurredAt());
            LOG.infof("volume=%s array-volume=%s resized to %s on %s", volume.id, volume.arrayVolumeName,
                    Quantity.format(volume.sizeBytes), done.arrays());
            return outbox.record(VolumeResized.newBuilder()
                    .setEnvelope(envelopes.causedBy(volume.id.toString(), work.cause().envelope()))
                    .setVolumeId(volume.id.toString())
                    .setSizeBytes(volume.sizeBytes)
                    .setArrays(done.arrays())
                    .build());
        }
        ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
        outcomes.record(RequestOutcomes.Kind.VOLUME_RESIZE, false, work.cause().occurredAt());
        LOG.warnf("volume=%s resize to %s failed: %s: %s", volume.id, Quantity.format(size), refused.reason(),
                refused.message());
        return outbox.record(VolumeResizeFailed.newBuilder()
                .setEnvelope(envelopes.causedBy(volume.id.toString(), work.cause().envelope()))
                .setVolumeId(volume.id.toString())
                .setRequestedSizeBytes(size)
                .setFailure(Failure.newBuilder().setReason(refused.reason()).setMessage(refused.message())
                        .setRetryable(refused.retryable()).build())
                .build());
    }
}
