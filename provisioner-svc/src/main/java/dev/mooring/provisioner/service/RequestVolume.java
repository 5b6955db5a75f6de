package dev.mooring.provisioner.service;

import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.VolumeSpec;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * A user asks for a volume. The request is recorded with its {@code VolumeRequested} event in one
 * transaction; the provisioning itself happens when the event comes back from Kafka. Asking again for the
 * same name with the same spec returns the same volume (and retries a failed one); a different spec is a
 * conflict. So a retried request never makes a second volume.
 */
@ApplicationScoped
public class RequestVolume {

    private static final Logger LOG = Logger.getLogger(RequestVolume.class);

    @Inject
    Clock clock;

    @Inject
    VolumeRepository volumes;

    @Inject
    Outbox outbox;

    @Inject
    NewVolumes newVolumes;

    /** The volume the request refers to, and whether this request started (or restarted) provisioning. */
    public record Accepted(VolumeRecord volume, boolean started) {
    }

    public Uni<Accepted> request(VolumeSpec spec, String correlationId) {
        return Panache.withTransaction(() -> volumes.findLiveByName(spec.name())
                        .chain(existing -> existing == null ? create(spec, correlationId)
                                : again(existing, spec, correlationId)))
                .onFailure(ConstraintViolationException.class).recoverWithUni(() ->
                        // Another request for the same name committed first: that one is ours too.
                        Panache.withSession(() -> volumes.findLiveByName(spec.name()))
                                .map(existing -> new Accepted(existing, false)));
    }

    private Uni<Accepted> create(VolumeSpec spec, String correlationId) {
        VolumeRecord volume = newVolumes.record(UUID.randomUUID(), spec.name(), spec.sizeBytes(),
                spec.parameters().backend(), spec.parameters(), spec.parameters().all(), VolumeState.Pending,
                correlationId);
        LOG.infof("volume=%s name=%s size=%s backend=%s pod=%s requested", volume.id, volume.name,
                Quantity.format(volume.sizeBytes), volume.backend, volume.podName);
        return volumes.persist(volume)
                .chain(() -> outbox.record(requested(volume, spec, correlationId)))
                .replaceWith(new Accepted(volume, true));
    }

    private Uni<Accepted> again(VolumeRecord existing, VolumeSpec spec, String correlationId) {
        if (!sameSpec(existing, spec)) {
            return Uni.createFrom().failure(new VolumeConflictException("Volume " + spec.name()
                    + " already exists with size " + Quantity.format(existing.sizeBytes) + " and parameters "
                    + existing.parameters + "; delete it first or use another name"));
        }
        if (existing.state != VolumeState.Failed) {
            return Uni.createFrom().item(new Accepted(existing, false));
        }
        LOG.infof("volume=%s name=%s failed before (%s); provisioning again", existing.id, existing.name,
                existing.failureReason);
        existing.state = VolumeState.Pending;
        existing.failureReason = null;
        existing.failureMessage = null;
        existing.failureRetryable = null;
        existing.updatedAt = OffsetDateTime.now(clock);
        return outbox.record(requested(existing, spec, correlationId)).replaceWith(new Accepted(existing, true));
    }

    private VolumeRequested requested(VolumeRecord volume, VolumeSpec spec, String correlationId) {
        return newVolumes.requested(volume, spec.parameters().all(), correlationId).build();
    }

    private static boolean sameSpec(VolumeRecord existing, VolumeSpec spec) {
        return existing.sizeBytes == spec.sizeBytes() && existing.parameters.equals(json(spec));
    }

    private static String json(VolumeSpec spec) {
        return NewVolumes.parametersJson(spec.parameters().all());
    }
}
