package dev.mooring.provisioner.service;

import dev.mooring.events.EventEnvelope;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs what an event means in Kubernetes (a PV written, an Event on the claim) once per event: a redelivered
 * event is skipped, and a crash after the Kubernetes call and before the inbox commit repeats a call that is
 * idempotent (PVs are looked up by name). The claim's Event is recorded in the transaction of the inbox claim, so
 * it reaches the API server exactly when the handling committed.
 */
@ApplicationScoped
public class ClaimSideEffects {

    @Inject
    Intake intake;

    @Inject
    VolumeRepository volumes;

    @Inject
    SafeContexts contexts;

    @Inject
    KubeEvents kubeEvents;

    /**
     * @param applies whether the volume (a claim's, as it is now) still calls for the effect
     * @param effect  the blocking Kubernetes call; what it returns is recorded as an Event on the claim
     */
    Uni<Void> once(String handler, EventEnvelope cause, UUID volumeId, Predicate<VolumeRecord> applies,
                   Function<VolumeRecord, Optional<Notice>> effect) {
        return intake.processed(handler, cause).chain(done -> done ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> volumes.findById(volumeId))
                        .chain(volume -> volume == null || !volume.forClaim() || !applies.test(volume)
                                ? Uni.createFrom().item(Optional.<Notice>empty())
                                : contexts.blocking(() -> effect.apply(volume)))
                        .chain(notice -> intake.once(handler, cause, () -> notice.isPresent()
                                ? kubeEvents.record(notice.get()) : Uni.createFrom().voidItem()))
                        .replaceWithVoid());
    }

    /** An Event on the claim of a volume, once per event, in the transaction of the inbox claim. */
    Uni<Void> notice(String handler, EventEnvelope cause, UUID volumeId, Function<VolumeRecord, Notice> notice) {
        return intake.once(handler, cause, () -> volumes.findById(volumeId).chain(volume ->
                volume == null || !volume.forClaim() ? Uni.createFrom().voidItem()
                        : kubeEvents.record(notice.apply(volume)))).replaceWithVoid();
    }

    /** The claim a volume was requested by, as an Event names it. */
    public static Subject claimOf(VolumeRecord volume) {
        return Subject.claim(volume.claimNamespace, volume.claimName, volume.claimUid);
    }
}
