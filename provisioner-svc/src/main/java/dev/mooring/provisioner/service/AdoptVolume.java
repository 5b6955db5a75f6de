package dev.mooring.provisioner.service;

import dev.mooring.events.ClaimRef;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.kit.arrays.ArrayCalls;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.ArrayResult;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.domain.MigratedVolume;
import dev.mooring.provisioner.domain.MigratedVolume.Candidate;
import dev.mooring.provisioner.domain.ReclaimPolicy;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Adopts a volume another cluster domain made and disaster recovery migrated here: checks on the arrays that the
 * array volume the PV names exists (with the serial the PV names), then records it under the PV's volume id —
 * Ready, reclaim policy Retain, {@code adoptedFrom} set — and emits {@code VolumeProvisioned} in the same
 * transaction, as for a volume made here, so attach-svc can attach it after a failover. Nothing is created on an
 * array, and nothing ever destroys the adopted array volume: the other site owns its lifecycle. Safe to repeat and
 * to run on two replicas at once: one record per id, the second finds it.
 */
@ApplicationScoped
public class AdoptVolume {

    private static final Logger LOG = Logger.getLogger(AdoptVolume.class);

    /** How adopting ended. */
    public sealed interface Adoption {
    }

    /** Recorded now. */
    public record Adopted(VolumeRecord volume) implements Adoption {
    }

    /** Recorded before (this or another replica, an earlier pass): nothing changed. */
    public record AlreadyAdopted() implements Adoption {
    }

    /** Not adopted, for good until the PV or the arrays change; {@code message} says why. */
    public record Refused(String message) implements Adoption {
    }

    /** The arrays did not answer: worth trying again. */
    public record ArraysUnavailable(String message) implements Adoption {
    }

    /** What the arrays hold under the name. */
    private record Found(List<String> arrays, String serial, Long provisioned) {
    }

    @Inject
    ArrayDirectory directory;

    @Inject
    ArrayCalls calls;

    @Inject
    VolumeRepository volumes;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    Clock clock;

    /**
     * @param claimUid the uid of the claim in this cluster the PV is for, or null when it has no claim (yet)
     */
    public Uni<Adoption> adopt(MigratedVolume pv, Candidate candidate, String claimUid) {
        return Panache.withSession(() -> volumes.findById(candidate.volumeId()))
                .chain(existing -> existing != null ? Uni.createFrom().item(compare(existing, candidate))
                        : lookUp(candidate).chain(found -> found instanceof Adoption refusal
                                ? Uni.createFrom().item(refusal)
                                : record(pv, candidate, claimUid, (Found) found)));
    }

    /** A record of this id: the same array volume is this adoption done before; another is a conflict. */
    private static Adoption compare(VolumeRecord existing, Candidate candidate) {
        if (existing.arrayVolumeName.equals(candidate.arrayVolumeName())) {
            return new AlreadyAdopted();
        }
        return new Refused("volume " + candidate.volumeId() + " is known here already as array volume "
                + existing.arrayVolumeName + ", not " + candidate.arrayVolumeName() + ": conflict, not adopted");
    }

    /** The array volume on the arrays of the PV (or, if none of them is registered here, on every array). */
    private Uni<Object> lookUp(Candidate candidate) {
        List<String> named = candidate.arrays().stream().filter(a -> directory.client(a).isPresent()).toList();
        List<String> where = !named.isEmpty() ? named
                : directory.registered().stream().map(RegisteredArray::name).sorted().toList();
        if (where.isEmpty()) {
            return Uni.createFrom().item(new ArraysUnavailable("no FlashArray is registered to look for "
                    + candidate.arrayVolumeName() + " on"));
        }
        String name = candidate.arrayVolumeName();
        List<Uni<ArrayResult<Optional<Volume>>>> reads = where.stream().map(array -> {
            FlashArrayClient client = directory.client(array).orElseThrow();
            return calls.operation("find " + name + " on " + array, () -> client.volumes().find(name)).run();
        }).toList();
        return Uni.join().all(reads).andFailFast().map(results -> {
            List<String> holding = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            Volume volume = null;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof ArrayResult.Done<Optional<Volume>> done) {
                    Optional<Volume> there = done.value().filter(v -> !v.isDestroyed());
                    if (there.isPresent()) {
                        holding.add(where.get(i));
                        volume = there.get();
                    }
                } else {
                    unanswered.add(where.get(i));
                }
            }
            if (volume == null) {
                return unanswered.isEmpty()
                        ? new Refused("no array volume " + name + " on " + String.join(", ", where) + ": not adopted")
                        : new ArraysUnavailable("array volume " + name + " not found; " + String.join(", ", unanswered)
                                + " did not answer");
            }
            if (candidate.serial().isPresent() && !candidate.serial().get().equalsIgnoreCase(volume.serial())) {
                return new Refused("array volume " + name + " on " + String.join(", ", holding) + " has serial "
                        + volume.serial() + ", the PV names " + candidate.serial().get() + ": not adopted");
            }
            return new Found(List.copyOf(holding), volume.serial(), volume.provisioned());
        });
    }

    /** The record and its VolumeProvisioned in one transaction, under the id's lock (a claim request takes it too). */
    private Uni<Adoption> record(MigratedVolume pv, Candidate candidate, String claimUid, Found found) {
        return Panache.withTransaction(() -> TransactionLocks.hold("claim:" + candidate.volumeId())
                        .chain(() -> volumes.findById(candidate.volumeId()))
                        .chain(existing -> existing != null ? Uni.createFrom().item(compare(existing, candidate))
                                : persist(pv, candidate, claimUid, found)))
                // A live volume of the same name, or the same id recorded without the lock: read what is there.
                .onFailure(ConstraintViolationException.class).recoverWithUni(() -> Panache.withSession(() ->
                        volumes.findById(candidate.volumeId())).map(existing -> existing != null
                        ? compare(existing, candidate)
                        : new Refused("another volume is named " + pv.pvName() + " here: conflict, not adopted")));
    }

    private Uni<Adoption> persist(MigratedVolume pv, Candidate candidate, String claimUid, Found found) {
        VolumeRecord volume = new VolumeRecord();
        volume.id = candidate.volumeId();
        volume.name = pv.pvName();
        volume.sizeBytes = pv.sizeBytes() != null ? pv.sizeBytes() : found.provisioned() != null ? found.provisioned() : 0;
        volume.backend = candidate.backend();
        volume.podName = candidate.pod();
        volume.parameters = "{}";
        volume.state = VolumeState.Ready;
        volume.arrayVolumeName = candidate.arrayVolumeName();
        volume.arrayList(found.arrays());
        volume.serial = found.serial();
        volume.correlationId = pv.pvName();
        volume.createdAt = OffsetDateTime.now(clock);
        volume.updatedAt = volume.createdAt;
        if (pv.claimName() != null && claimUid != null) {
            volume.claimNamespace = pv.claimNamespace();
            volume.claimName = pv.claimName();
            volume.claimUid = claimUid;
        }
        volume.accessModes = String.join(",", pv.accessModes());
        volume.volumeMode = pv.volumeMode();
        volume.fsType = pv.fsType();
        volume.storageClass = pv.storageClass();
        // The other site owns the array volume: nothing here may destroy it.
        volume.reclaimPolicy = ReclaimPolicy.Retain.name();
        volume.driver = pv.driver();
        volume.adoptedFrom = pv.migratedFrom();
        LOG.infof("volume=%s array-volume=%s arrays=%s serial=%s adopted from %s (PV %s)", volume.id,
                volume.arrayVolumeName, found.arrays(), volume.serial, volume.adoptedFrom, pv.pvName());
        return volumes.persist(volume).chain(() -> outbox.record(VolumeProvisioned.newBuilder()
                        .setEnvelope(envelopes.caused(volume.id.toString(), volume.correlationId))
                        .setVolumeId(volume.id.toString())
                        .setArrayVolumeName(volume.arrayVolumeName)
                        .setArrays(found.arrays())
                        .setSerial(volume.serial)
                        .setSizeBytes(volume.sizeBytes)
                        .setPodName(volume.podName)
                        .setClaim(volume.forClaim() ? ClaimRef.newBuilder().setNamespace(volume.claimNamespace)
                                .setName(volume.claimName).setUid(volume.claimUid).build() : null)
                        .setAccessModes(volume.accessModeList())
                        .setVolumeMode(volume.volumeMode)
                        .build()))
                .replaceWith(new Adopted(volume));
    }
}
