package dev.mooring.provisioner.service;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.kit.inventory.ArrayObject;
import dev.mooring.kit.inventory.Claim;
import dev.mooring.kit.inventory.Expected;
import dev.mooring.kit.inventory.InventorySource;
import dev.mooring.kit.inventory.Orphan;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.array.ArrayVolumes;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.OwnedArrayNames;
import dev.mooring.provisioner.domain.OwnedArrayNames.Kind;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.ArrayObjectRecords;
import dev.mooring.provisioner.repository.StoragePoolRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioner's part of the inventory: the array volumes it names — volumes, pod volumes, pool drives. One is an
 * orphan when no volume row names it, or its row is Deleted; a drive when no drive row names it, or its pool Failed.
 * Clean-up destroys it (never eradicates: the array keeps it recoverable until its eradication delay ends), once —
 * a stretched pod's volume through the first of its arrays that accepts.
 */
@ApplicationScoped
public class VolumeInventory implements InventorySource {

    @Inject
    ProvisionerConfig config;

    @Inject
    ArrayObjectRecords records;

    @Inject
    ArrayVolumes arrayVolumes;

    @Override
    public String name() {
        return "volumes";
    }

    @Override
    public List<String> kinds() {
        return Arrays.stream(Kind.values()).map(Kind::label).toList();
    }

    @Override
    public Uni<List<ArrayObject>> list(String array, FlashArrayClient client) {
        return client.volumes().listAll().map(volumes -> volumes.stream()
                .flatMap(volume -> objectOf(array, volume).stream())
                .toList());
    }

    @Override
    public boolean ours(ArrayObject object) {
        return OwnedArrayNames.classify(config.volumeNamePrefix(), object.name())
                .map(kind -> kind.label().equals(object.kind())).orElse(false);
    }

    @Override
    public Uni<Expected> expected() {
        return records.volumes().chain(volumes -> records.drives().map(drives -> {
            Map<String, Claim> claims = new HashMap<>();
            for (ArrayObjectRecords.DriveName drive : drives) {
                claims.put(drive.driveName(), StoragePoolRecord.FAILED.equals(drive.poolState())
                        ? Claim.released("PoolFailed", "it is a drive of pool " + drive.poolId() + " of node "
                                + drive.nodeName() + ", which failed"
                                + (drive.poolFailure() == null ? "" : " (" + drive.poolFailure() + ")"))
                        : Claim.wanted());
            }
            for (ArrayObjectRecords.VolumeName volume : volumes) {
                // A live row of any state wants its volume (Failed may be retried, Released is kept on purpose).
                claims.put(volume.arrayVolumeName(), VolumeState.Deleted.name().equals(volume.state())
                        ? Claim.released("VolumeDeleted", "volume " + volume.id() + " was deleted")
                        : Claim.wanted());
            }
            Claim noVolume = Claim.released("NoVolumeRecord", "no volume of the provisioner has this array name");
            return new Expected(claims, Map.of(Kind.VOLUME.label(), noVolume, Kind.POD_VOLUME.label(), noVolume,
                    Kind.DRIVE.label(), Claim.released("NoDriveRecord", "no pool of the provisioner has this drive")));
        }));
    }

    @Override
    public Uni<Cleanup> cleanUp(Orphan orphan) {
        return destroyOn(orphan, 0, null);
    }

    /** Destroys through the orphan's arrays in turn until one does it: a pod's volume is destroyed once. */
    private Uni<Cleanup> destroyOn(Orphan orphan, int index, Cleanup lastFailure) {
        if (index >= orphan.arrays().size()) {
            return Uni.createFrom().item(lastFailure);
        }
        String array = orphan.arrays().get(index);
        return arrayVolumes.destroy(orphan.name(), List.of(array)).chain(outcome -> {
            if (outcome instanceof ArrayOutcome.Done done) {
                return Uni.createFrom().item(done.arrays().isEmpty()
                        ? new Cleanup.Done("AlreadyGone", "it was no longer on " + array)
                        : new Cleanup.Done("Destroyed", "Destroyed on " + array + ", never eradicated: the array "
                                + "keeps it recoverable until its eradication delay ends."));
            }
            ArrayOutcome.Refused refused = (ArrayOutcome.Refused) outcome;
            return destroyOn(orphan, index + 1, new Cleanup.Failed(refused.reason(), refused.message()));
        });
    }

    private Optional<ArrayObject> objectOf(String array, Volume volume) {
        return OwnedArrayNames.classify(config.volumeNamePrefix(), volume.name())
                .map(kind -> new ArrayObject(array, kind.label(), volume.name(), volume.isDestroyed(),
                        kind == Kind.POD_VOLUME));
    }
}
