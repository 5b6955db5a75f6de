package dev.mooring.provisioner.service;

import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.PodServing;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.PodArrayStatusRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * {@code PodArrayStatusChanged} (health-svc) → the pod's status on that array, which decides whether new
 * volumes may be created in the pod ({@link PodServing}). When an array serves the pod again, the volumes
 * refused meanwhile ({@code PodNotServed}) are requested again, in the same transaction.
 */
@ApplicationScoped
public class FollowPodStatus {

    static final String HANDLER = "follow-pod-status";
    private static final Logger LOG = Logger.getLogger(FollowPodStatus.class);

    @Inject
    PodArrayStatusRepository statuses;

    @Inject
    VolumeRepository volumes;

    @Inject
    NewVolumes newVolumes;

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    public Uni<Void> on(PodArrayStatusChanged event) {
        String pod = event.getPodName();
        String status = event.getStatus() == null ? "unknown" : event.getStatus().toLowerCase();
        return intake.once(HANDLER, event.getEnvelope(), () -> {
            OffsetDateTime observedAt = event.getEnvelope().getOccurredAt().atOffset(ZoneOffset.UTC);
            return statuses.lock(pod).chain(() -> statuses.record(pod, event.getArray(), status,
                    event.getProgress(), observedAt)).chain(changed -> {
                LOG.infof("pod=%s array=%s status=%s (was %s)%s", pod, event.getArray(), status,
                        event.getPreviousStatus(), changed ? "" : ", older than the recorded one: ignored");
                return changed && PodServing.ONLINE.equals(status) ? requestAgain(pod, event)
                        : Uni.createFrom().voidItem();
            });
        }).replaceWithVoid();
    }

    private Uni<Void> requestAgain(String pod, PodArrayStatusChanged event) {
        return volumes.failedInPod(pod, PodServing.POD_NOT_SERVED).chain(refused -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (VolumeRecord volume : refused) {
                chain = chain.chain(() -> again(volume, event));
            }
            return chain;
        });
    }

    private Uni<Void> again(VolumeRecord volume, PodArrayStatusChanged event) {
        LOG.infof("volume=%s pod=%s array %s serves the pod again: requesting the volume again", volume.id,
                volume.podName, event.getArray());
        volume.state = VolumeState.Pending;
        volume.failureReason = null;
        volume.failureMessage = null;
        volume.failureRetryable = null;
        volume.updatedAt = OffsetDateTime.now(clock);
        return outbox.record(newVolumes.requestedAgain(volume, event.getEnvelope()));
    }
}
