package dev.mooring.provisioner.service;

import dev.mooring.events.ClaimRef;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.ClaimVolume;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * A PersistentVolumeClaim asks for a volume. Its volume id is the claim's uid, so the claim is recorded with
 * its {@code VolumeRequested} exactly once, however often the watcher sees it (resyncs, restarts, several
 * instances). A claim that is refused is recorded as a failed volume with its {@code VolumeProvisioningFailed}
 * in the same way. A volume that failed for a reason that may pass is requested again once its failure is
 * {@code mooring.provisioner.kubernetes.retry-interval} old.
 */
@ApplicationScoped
public class RequestClaimVolume {

    private static final Logger LOG = Logger.getLogger(RequestClaimVolume.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    Outbox outbox;

    @Inject
    NewVolumes newVolumes;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    ProvisionerConfig config;

    @Inject
    Clock clock;

    /** The correlation id of everything a claim starts: its PV's name, {@code pvc-<uid>}. */
    public static String correlationOf(ClaimVolume claim) {
        return claim.name();
    }

    /**
     * Requests the volume unless the claim has one; true when this call requested it. Every instance's watcher sees
     * the claim: under the claim's lock the second reads what the first recorded (the volume's id is the claim's
     * uid, so even without it a claim could not get two volumes), and only one requests a failed one again.
     */
    public Uni<Boolean> request(ClaimVolume claim) {
        return Panache.withTransaction(() -> lockClaim(claim).chain(() -> volumes.findById(claim.volumeId())).chain(existing -> {
                    if (existing == null) {
                        VolumeRecord volume = record(claim, VolumeState.Pending);
                        LOG.infof("volume=%s claim=%s/%s size=%s class=%s pod=%s requested", volume.id,
                                claim.claimNamespace(), claim.claimName(), Quantity.format(volume.sizeBytes),
                                claim.storageClass(), volume.podName);
                        return volumes.persist(volume).chain(() -> outbox.record(requested(volume, claim)))
                                .replaceWith(Boolean.TRUE);
                    }
                    if (!retryDue(existing)) {
                        return Uni.createFrom().item(Boolean.FALSE);
                    }
                    LOG.infof("volume=%s claim=%s/%s failed before (%s, may pass); requesting it again", existing.id,
                            claim.claimNamespace(), claim.claimName(), existing.failureReason);
                    existing.state = VolumeState.Pending;
                    existing.failureReason = null;
                    existing.failureMessage = null;
                    existing.failureRetryable = null;
                    existing.updatedAt = now();
                    return outbox.record(requested(existing, claim)).replaceWith(Boolean.TRUE);
                }))
                .onFailure(ConstraintViolationException.class).recoverWithItem(Boolean.FALSE);
    }

    /** Records a refused claim as a failed volume with its {@code VolumeProvisioningFailed}, once. */
    public Uni<Boolean> refuse(ClaimVolume claim, String reason, String message) {
        return Panache.withTransaction(() -> lockClaim(claim).chain(() -> volumes.findById(claim.volumeId())).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(Boolean.FALSE);
                    }
                    VolumeRecord volume = record(claim, VolumeState.Failed);
                    volume.failureReason = reason;
                    volume.failureMessage = message;
                    volume.failureRetryable = false;
                    LOG.warnf("volume=%s claim=%s/%s class=%s refused: %s: %s", volume.id, claim.claimNamespace(),
                            claim.claimName(), claim.storageClass(), reason, message);
                    return volumes.persist(volume).chain(() -> outbox.record(VolumeProvisioningFailed.newBuilder()
                                    .setEnvelope(envelopes.caused(volume.id.toString(), correlationOf(claim)))
                                    .setVolumeId(volume.id.toString())
                                    .setFailure(Failure.newBuilder().setReason(reason).setMessage(message)
                                            .setRetryable(false).build())
                                    .build()))
                            .replaceWith(Boolean.TRUE);
                }))
                .onFailure(ConstraintViolationException.class).recoverWithItem(Boolean.FALSE);
    }

    private static Uni<Void> lockClaim(ClaimVolume claim) {
        return TransactionLocks.hold("claim:" + claim.volumeId());
    }

    private boolean retryDue(VolumeRecord volume) {
        return volume.state == VolumeState.Failed && Boolean.TRUE.equals(volume.failureRetryable)
                && volume.updatedAt.plus(config.kubernetes().retryInterval()).isBefore(now());
    }

    private VolumeRecord record(ClaimVolume claim, VolumeState state) {
        VolumeRecord volume = newVolumes.record(claim.volumeId(), claim.name(), claim.sizeBytes(), claim.backend(),
                claim.parameters(), claim.rawParameters(), state, correlationOf(claim));
        volume.claimNamespace = claim.claimNamespace();
        volume.claimName = claim.claimName();
        volume.claimUid = claim.claimUid();
        volume.accessModes = String.join(",", claim.accessModes());
        volume.volumeMode = claim.volumeMode();
        volume.fsType = claim.fsType();
        volume.storageClass = claim.storageClass();
        volume.selectedNode = claim.selectedNode();
        volume.reclaimPolicy = claim.reclaimPolicy().name();
        volume.allowExpansion = claim.allowExpansion();
        volume.driver = claim.driver();
        return volume;
    }

    private VolumeRequested requested(VolumeRecord volume, ClaimVolume claim) {
        return newVolumes.requested(volume, claim.rawParameters(), correlationOf(claim))
                .setClaim(ClaimRef.newBuilder().setNamespace(claim.claimNamespace()).setName(claim.claimName())
                        .setUid(claim.claimUid()).build())
                .setAccessModes(claim.accessModes())
                .setVolumeMode(claim.volumeMode())
                .setFsType(claim.fsType())
                .setStorageClassName(claim.storageClass())
                .setSelectedNode(claim.selectedNode())
                .build();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
