package dev.mooring.provisioner.service;

import dev.mooring.events.EventEnvelope;
import dev.mooring.kit.inbox.Inbox;
import dev.mooring.provisioner.kube.Blocking;
import dev.mooring.provisioner.kube.ClaimEvents;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs what an event means in Kubernetes (a PV written, an Event on the claim) once per event: a redelivered
 * event is skipped, and a crash after the Kubernetes call and before the inbox commit repeats a call that is
 * idempotent (PVs are looked up by name, Events are named from their cause).
 */
@ApplicationScoped
public class ClaimSideEffects {

    @Inject
    Inbox inbox;

    @Inject
    VolumeRepository volumes;

    /**
     * @param applies whether the volume (a claim's, as it is now) still calls for the effect
     * @param effect  the blocking Kubernetes call
     */
    Uni<Void> once(String handler, EventEnvelope cause, UUID volumeId, Predicate<VolumeRecord> applies,
                   Consumer<VolumeRecord> effect) {
        UUID eventId = cause.getEventId();
        return inbox.processed(handler, eventId).chain(done -> done ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> volumes.findById(volumeId))
                        .chain(volume -> volume == null || !volume.forClaim() || !applies.test(volume)
                                ? Uni.createFrom().voidItem()
                                : Blocking.call(() -> {
                                    effect.accept(volume);
                                    return null;
                                }))
                        .chain(() -> Panache.withTransaction(() -> inbox.claim(handler, eventId)))
                        .replaceWithVoid());
    }

    static ClaimEvents.Claim claimOf(VolumeRecord volume) {
        return new ClaimEvents.Claim(volume.claimNamespace, volume.claimName, volume.claimUid);
    }
}
