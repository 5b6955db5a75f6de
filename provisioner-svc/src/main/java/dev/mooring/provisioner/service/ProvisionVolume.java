package dev.mooring.provisioner.service;

import dev.mooring.events.ClaimRef;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
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
import dev.mooring.provisioner.domain.PodServing;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.domain.placement.Topology;
import dev.mooring.provisioner.repository.PodArrayStatusRepository;
import dev.mooring.provisioner.repository.StorageNodeRecord;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.jobs.JobsConfig;
import dev.mooring.provisioner.config.ProvisionerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code VolumeRequested} → the array volume. The event records a {@code provision-volume} job (keyed by the volume,
 * in the transaction of its inbox claim), so no Kafka record is held while the array is called; the job calls the
 * array outside any transaction, then its outcome, the outgoing event and the job's end commit together. A crash
 * between the array call and that commit runs the job again, and the (idempotent) array call finds the volume it
 * made.
 */
@ApplicationScoped
public class ProvisionVolume implements JobHandler {

    static final String HANDLER = "provision-volume";
    /** Refusals that mean "the intent's array does not answer now", not "it will not". */
    private static final Set<String> WAITING_FOR_ARRAY = Set.of("ArrayUnavailable", "ArrayNotRegistered");
    public static final String KIND = "provision-volume";
    private static final Logger LOG = Logger.getLogger(ProvisionVolume.class);

    /** What a {@code provision-volume} job is about; {@code requestedAt} starts its wait for an array. */
    public record Work(UUID volumeId, EventCause cause, Instant requestedAt) {
    }

    @Inject
    VolumeRepository volumes;

    @Inject
    RequestOutcomes outcomes;

    @Inject
    ArrayVolumes arrays;

    @Inject
    PodArrayStatusRepository podStatuses;

    @Inject
    NewVolumes newVolumes;

    @Inject
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    Clock clock;

    @Inject
    ProvisionerConfig config;

    @Inject
    JobsConfig jobsConfig;

    public Uni<Void> on(VolumeRequested event) {
        UUID volumeId = UUID.fromString(event.getVolumeId());
        return intake.once(HANDLER, event.getEnvelope(), () -> volumes.findById(volumeId).chain(volume ->
                        volume == null || volume.state != VolumeState.Pending
                                // Deleted (or re-requested) since: nothing to create for this event.
                                ? Uni.createFrom().voidItem()
                                : jobs.enqueue(KIND, volumeId.toString(),
                                        new Work(volumeId, EventCause.of(event.getEnvelope()), clock.instant()))))
                .replaceWithVoid();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Creates the volume where its intent says. While that array does not answer, the job runs again with the job
     * runner's backoff — the volume stays Pending and never moves to another array — until
     * {@code mooring.provisioner.unavailable-deadline} after the request; then it is Failed {@code ArrayUnavailable}
     * and its intent stays, so a new request goes back to the same array.
     */
    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        return Panache.withSession(() -> volumes.findById(work.volumeId())).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Pending) {
                return Panache.withTransaction(() -> jobs.finish(job)).replaceWith(JobOutcome.done());
            }
            return podRefusal(volume).chain(refusal -> refusal.isPresent()
                    ? Uni.createFrom().item((ArrayOutcome) refusal.get())
                    : topologyOf(volume).chain(where -> arrays.create(volume.id.toString(), request(volume, where))))
                    .chain(outcome -> {
                        Optional<Duration> wait = waitForArray(job, work, outcome);
                        if (wait.isPresent()) {
                            ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
                            LOG.infof("volume=%s waits for array %s: %s", volume.id, refused.arrays(),
                                    refused.message());
                            return Uni.createFrom().item(JobOutcome.runAgain(wait.get(), refused.message()));
                        }
                        return record(job, work, pastDeadline(outcome)).replaceWith(JobOutcome.done());
                    });
        });
    }

    /**
     * A wait for the intent's array that ran out is reported as {@code ArrayUnavailable} whichever way the array
     * was away (not answering, or not registered at all).
     */
    private ArrayOutcome pastDeadline(ArrayOutcome outcome) {
        if (outcome instanceof ArrayOutcome.Refused refused && "ArrayNotRegistered".equals(refused.reason())
                && !refused.arrays().isEmpty()) {
            String array = refused.arrays().get(0);
            return new ArrayOutcome.Refused("ArrayUnavailable", "Array " + array + " did not answer within "
                    + config.unavailableDeadline() + " (" + refused.message() + "); the volume is made there and "
                    + "nowhere else: request it again once " + array + " answers", true, refused.arrays());
        }
        return outcome;
    }

    /** How long to wait before trying the intent's array again; empty when the outcome is to be recorded now. */
    private Optional<Duration> waitForArray(Job job, Work work, ArrayOutcome outcome) {
        if (!(outcome instanceof ArrayOutcome.Refused refused) || !refused.retryable() || refused.arrays().isEmpty()
                || !WAITING_FOR_ARRAY.contains(refused.reason())) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), work.requestedAt().plus(config.unavailableDeadline()));
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        Duration backoff = new Backoff(jobsConfig.retry().initial(), jobsConfig.retry().max()).after(job.attempts());
        return Optional.of(backoff.compareTo(left) < 0 ? backoff : left);
    }

    private static ArrayVolumes.Request request(VolumeRecord volume, Topology where) {
        String baseName = volume.arrayVolumeName.contains("::")
                ? volume.arrayVolumeName.substring(volume.arrayVolumeName.indexOf("::") + 2)
                : volume.arrayVolumeName;
        return new ArrayVolumes.Request(baseName, volume.sizeBytes, Optional.ofNullable(volume.podName),
                volume.maxIops, volume.maxBandwidth, where);
    }

    /**
     * Where the volume is used: the topology topology-svc assigned to the node its claim's pod was scheduled to
     * (WaitForFirstConsumer), so the arrays' labels apply as they do to drives; unknown otherwise.
     */
    private static Uni<Topology> topologyOf(VolumeRecord volume) {
        if (volume.selectedNode == null) {
            return Uni.createFrom().item(Topology.UNKNOWN);
        }
        return Panache.withSession(() -> StorageNodeRecord.<StorageNodeRecord>findById(volume.selectedNode))
                .map(node -> node == null ? Topology.UNKNOWN : Topology.of(node.region, node.zone));
    }

    /** A volume in a stretched pod that no array serves now is refused (retryable) without asking the arrays. */
    private Uni<Optional<ArrayOutcome.Refused>> podRefusal(VolumeRecord volume) {
        if (volume.podName == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.withSession(() -> podStatuses.of(volume.podName)).map(statuses -> PodServing
                .check(volume.podName, statuses)
                .map(refusal -> new ArrayOutcome.Refused(refusal.reason(), refusal.message(), refusal.retryable(),
                        List.of())));
    }

    /** The outcome, its event and the job's end, in one transaction. */
    private Uni<Void> record(Job job, Work work, ArrayOutcome outcome) {
        return Panache.withTransaction(() -> volumes.findById(work.volumeId()).chain(volume -> volume == null
                        ? Uni.createFrom().voidItem()
                        : outcome instanceof ArrayOutcome.Refused refused
                                && PodServing.POD_NOT_SERVED.equals(refused.reason())
                                && volume.state == VolumeState.Pending
                                ? refuseUnlessServedNow(work.cause(), volume, refused)
                                : apply(work.cause(), volume, outcome))
                .chain(() -> jobs.finish(job)));
    }

    /**
     * The pod's statuses were read outside this transaction: an array may have come online since, and its report
     * found this volume still Pending, so it did not request it again. Under the pod's lock (which that report
     * takes too) the statuses are read again: served now → requested again instead of failed.
     */
    private Uni<Void> refuseUnlessServedNow(EventCause cause, VolumeRecord volume, ArrayOutcome.Refused refused) {
        return podStatuses.lock(volume.podName).chain(() -> podStatuses.of(volume.podName)).chain(statuses -> {
            if (PodServing.check(volume.podName, statuses).isPresent()) {
                return apply(cause, volume, refused);
            }
            LOG.infof("volume=%s pod=%s is served again: requesting the volume again", volume.id, volume.podName);
            volume.updatedAt = OffsetDateTime.now(clock);
            return outbox.record(newVolumes.requestedAgain(volume, cause.envelope()));
        });
    }

    private Uni<Void> apply(EventCause cause, VolumeRecord volume, ArrayOutcome outcome) {
        volume.updatedAt = OffsetDateTime.now(clock);
        if (outcome instanceof ArrayOutcome.Done done) {
            volume.arrayList(done.arrays());
            volume.serial = done.serial();
            if (volume.state != VolumeState.Pending) {
                // Deletion was requested while the array call ran; the deletion destroys what was made.
                return Uni.createFrom().voidItem();
            }
            volume.state = VolumeState.Ready;
            outcomes.record(RequestOutcomes.Kind.VOLUME_CREATE, true, cause.occurredAt());
            LOG.infof("volume=%s array-volume=%s arrays=%s serial=%s provisioned", volume.id, done.arrayVolumeName(),
                    done.arrays(), done.serial());
            return outbox.record(VolumeProvisioned.newBuilder()
                    .setEnvelope(envelopes.causedBy(volume.id.toString(), cause.envelope()))
                    .setVolumeId(volume.id.toString())
                    .setArrayVolumeName(done.arrayVolumeName())
                    .setArrays(done.arrays())
                    .setSerial(done.serial())
                    .setSizeBytes(done.sizeBytes())
                    .setPodName(volume.podName)
                    .setClaim(volume.forClaim() ? ClaimRef.newBuilder().setNamespace(volume.claimNamespace)
                            .setName(volume.claimName).setUid(volume.claimUid).build() : null)
                    .setAccessModes(volume.accessModeList())
                    .setVolumeMode(volume.volumeMode)
                    .build());
        }
        ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
        if (!refused.arrays().isEmpty()) {
            volume.arrayList(refused.arrays()); // where it may exist, so a deletion can clean it up
        }
        // The array answered that it will not: nothing was made, so a new request may choose again.
        Uni<Void> intent = "ArrayRefused".equals(refused.reason()) ? arrays.forgetIntent(volume.id.toString())
                : Uni.createFrom().voidItem();
        if (volume.state != VolumeState.Pending) {
            return Uni.createFrom().voidItem();
        }
        volume.state = VolumeState.Failed;
        outcomes.record(RequestOutcomes.Kind.VOLUME_CREATE, false, cause.occurredAt());
        volume.failureReason = refused.reason();
        volume.failureMessage = refused.message();
        volume.failureRetryable = refused.retryable();
        LOG.warnf("volume=%s provisioning failed: %s: %s", volume.id, refused.reason(), refused.message());
        return intent.chain(() -> outbox.record(VolumeProvisioningFailed.newBuilder()
                .setEnvelope(envelopes.causedBy(volume.id.toString(), cause.envelope()))
                .setVolumeId(volume.id.toString())
                .setFailure(Failure.newBuilder().setReason(refused.reason()).setMessage(refused.message())
                        .setRetryable(refused.retryable()).build())
                .build()));
    }
}
