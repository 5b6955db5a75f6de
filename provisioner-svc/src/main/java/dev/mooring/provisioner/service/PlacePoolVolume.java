package dev.mooring.provisioner.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.events.ClaimRef;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Failure;
import dev.mooring.events.volumes.PoolVolumeProvisioned;
import dev.mooring.events.volumes.Replica;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.Quantity;
import dev.mooring.provisioner.domain.ReplicaRules;
import dev.mooring.provisioner.domain.StorageParameters;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.domain.placement.CandidatePool;
import dev.mooring.provisioner.domain.placement.Placement;
import dev.mooring.provisioner.domain.placement.PlacementRequest;
import dev.mooring.provisioner.domain.placement.PlacementResult;
import dev.mooring.provisioner.repository.PoolPlacementRepository;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A pool-backed volume ({@code VolumeRequested} without a backend) → its replicas placed on storage pools by
 * {@link Placement}. The placement, its {@code volume_replica} rows, the volume's state with the reasons, the
 * inbox record and the outgoing {@code PoolVolumeProvisioned} (or {@code VolumeProvisioningFailed}
 * {@code PlacementImpossible}) commit in one transaction, under a lock that keeps two placements from
 * counting the same free space. A volume that could not be placed is placed again by {@link #retry} when
 * capacity appears.
 */
@ApplicationScoped
public class PlacePoolVolume {

    static final String HANDLER = "place-pool-volume";
    private static final Logger LOG = Logger.getLogger(PlacePoolVolume.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    VolumeRepository volumes;

    @Inject
    PoolPlacementRepository pools;

    @Inject
    Intake intake;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    public Uni<Void> on(VolumeRequested event) {
        UUID volumeId = UUID.fromString(event.getVolumeId());
        return intake.once(HANDLER, event.getEnvelope(), () -> volumes.findById(volumeId).chain(volume ->
                volume == null || volume.state != VolumeState.Pending
                        // Deleted (or re-requested) since: nothing to place for this event.
                        ? Uni.createFrom().voidItem()
                        : place(volume, envelopes.causedBy(volume.id.toString(), event.getEnvelope()), true)
                                .replaceWithVoid())).replaceWithVoid();
    }

    /**
     * Places a volume that failed placement again; true when it is placed now. A volume that still cannot be
     * placed keeps its failure (its reasons brought up to date) and emits nothing: the user has been told.
     */
    public Uni<Boolean> retry(UUID volumeId, String why) {
        // Under the row's lock: every instance retries; the second sees the first's placement.
        return Panache.withTransaction(() -> volumes.findById(volumeId, LockModeType.PESSIMISTIC_WRITE).chain(volume -> {
            if (volume == null || volume.state != VolumeState.Failed
                    || !Placement.IMPOSSIBLE.equals(volume.failureReason)) {
                return Uni.createFrom().item(Boolean.FALSE);
            }
            LOG.debugf("volume=%s placing again: %s", volume.id, why);
            return place(volume, envelopes.caused(volume.id.toString(), volume.correlationId), false);
        }));
    }

    private Uni<Boolean> place(VolumeRecord volume, EventEnvelope envelope, boolean reportFailure) {
        PlacementRequest request = requestOf(volume);
        return pools.lockPlacement().chain(pools::onlinePools).chain(candidates -> {
            PlacementResult result = Placement.place(request, candidates);
            if (result instanceof PlacementResult.Placed placed) {
                return placed(volume, placed, envelope).replaceWith(Boolean.TRUE);
            }
            PlacementResult.Impossible impossible = (PlacementResult.Impossible) result;
            volume.placementReasons(impossible.reasons());
            if (!reportFailure) {
                volume.failureMessage = impossible.message();
                return Uni.createFrom().item(Boolean.FALSE);
            }
            volume.state = VolumeState.Failed;
            volume.failureReason = Placement.IMPOSSIBLE;
            volume.failureMessage = impossible.message();
            volume.failureRetryable = true;
            volume.updatedAt = now();
            LOG.warnf("volume=%s placement impossible: %s", volume.id, impossible.message());
            return outbox.record(VolumeProvisioningFailed.newBuilder()
                    .setEnvelope(envelope)
                    .setVolumeId(volume.id.toString())
                    .setFailure(Failure.newBuilder().setReason(Placement.IMPOSSIBLE).setMessage(impossible.message())
                            .setRetryable(true).build())
                    .build()).replaceWith(Boolean.FALSE);
        });
    }

    private Uni<Void> placed(VolumeRecord volume, PlacementResult.Placed placed, EventEnvelope envelope) {
        volume.state = VolumeState.Ready;
        volume.failureReason = null;
        volume.failureMessage = null;
        volume.failureRetryable = null;
        volume.placementReasons(placed.reasons());
        volume.updatedAt = now();
        List<Replica> replicas = new ArrayList<>();
        Uni<Void> rows = Uni.createFrom().voidItem();
        for (int i = 0; i < placed.pools().size(); i++) {
            CandidatePool pool = placed.pools().get(i);
            int index = i + 1;
            rows = rows.chain(() -> pools.addReplica(volume.id, index, pool, volume.sizeBytes));
            replicas.add(Replica.newBuilder().setNodeName(pool.node()).setPoolId(pool.poolId())
                    .setRegion(pool.region()).setZone(pool.zone()).setRack(pool.rack())
                    .setArrays(List.copyOf(new TreeSet<>(pool.arrays()))).build());
        }
        LOG.infof("volume=%s size=%s replicas placed on %s", volume.id, Quantity.format(volume.sizeBytes),
                placed.pools().stream().map(p -> p.poolId() + "@" + p.node()).toList());
        return rows.chain(() -> outbox.record(PoolVolumeProvisioned.newBuilder()
                .setEnvelope(envelope)
                .setVolumeId(volume.id.toString())
                .setSizeBytes(volume.sizeBytes)
                .setRepl(placed.pools().size())
                .setReplicas(replicas)
                .setClaim(volume.forClaim() ? ClaimRef.newBuilder().setNamespace(volume.claimNamespace)
                        .setName(volume.claimName).setUid(volume.claimUid).build() : null)
                .setPlacement(placed.reasons())
                .build()));
    }

    /** The placement a volume asks for, from the parameters it was requested with. */
    static PlacementRequest requestOf(VolumeRecord volume) {
        StorageParameters.Result parsed = StorageParameters.parse(parameters(volume), "");
        if (!parsed.valid()) {
            // Validated when the volume was requested; a stored volume that no longer parses is a bug.
            throw new IllegalStateException("volume " + volume.id + " has invalid parameters: " + parsed.problems());
        }
        ReplicaRules rules = parsed.parameters().replicas();
        return new PlacementRequest(volume.sizeBytes, rules.repl(), rules.zones(), rules.racks(), rules.regions());
    }

    private static Map<String, String> parameters(VolumeRecord volume) {
        try {
            return JSON.readValue(volume.parameters, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
