package dev.mooring.devstack;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * The part of Kubernetes' PV controller that the API test server lacks: a PV that names its claim
 * ({@code claimRef}, as Mooring's provisioner creates it) is bound to that claim — the claim gets
 * {@code spec.volumeName} and both become {@code Bound}; when the claim is deleted, its PV becomes
 * {@code Released}. This is the cluster's job, not Mooring's, so it runs inside the stand-in cluster.
 */
final class PvBinder implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;

    PvBinder(KubernetesClient client) {
        this.client = client;
        this.volumes = client.persistentVolumes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume pv) {
                bind(pv);
            }

            @Override
            public void onUpdate(PersistentVolume before, PersistentVolume after) {
                bind(after);
            }

            @Override
            public void onDelete(PersistentVolume pv, boolean finalStateUnknown) {
            }
        });
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {
            }

            @Override
            public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim after) {
            }

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
                release(claim);
            }
        });
    }

    private void bind(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec().getClaimRef();
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (ref == null || "Bound".equals(phase) || "Released".equals(phase)) {
            return;
        }
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ref.getNamespace())
                .withName(ref.getName()).get();
        if (claim == null || (ref.getUid() != null && !ref.getUid().equals(claim.getMetadata().getUid()))) {
            return;
        }
        String bound = claim.getSpec().getVolumeName();
        if (bound != null && !bound.isEmpty() && !bound.equals(pv.getMetadata().getName())) {
            return; // the claim is bound to another volume: this PV stays Available, as in a real cluster
        }
        PersistentVolumeClaim boundClaim = new PersistentVolumeClaimBuilder(claim)
                .editSpec().withVolumeName(pv.getMetadata().getName()).endSpec()
                .editOrNewStatus().withPhase("Bound").withCapacity(pv.getSpec().getCapacity())
                .withAccessModes(pv.getSpec().getAccessModes()).endStatus()
                .build();
        client.persistentVolumeClaims().inNamespace(ref.getNamespace()).resource(boundClaim).update();
        client.persistentVolumes().resource(new PersistentVolumeBuilder(pv)
                .editOrNewStatus().withPhase("Bound").endStatus().build()).update();
    }

    private void release(PersistentVolumeClaim claim) {
        for (PersistentVolume pv : client.persistentVolumes().list().getItems()) {
            ObjectReference ref = pv.getSpec().getClaimRef();
            if (ref != null && Objects.equals(ref.getUid(), claim.getMetadata().getUid())
                    && (pv.getStatus() == null || "Bound".equals(pv.getStatus().getPhase()))) {
                client.persistentVolumes().resource(new PersistentVolumeBuilder(pv)
                        .editOrNewStatus().withPhase("Released").endStatus().build()).update();
            }
        }
    }

    @Override
    public void close() {
        volumes.close();
        claims.close();
        client.close();
    }
}
