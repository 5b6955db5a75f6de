package dev.mooring.topology.scheduling;

import io.fabric8.kubernetes.api.model.CSIPersistentVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The Mooring volumes of a pod, read from the Kubernetes API (blocking): each claim's bound PV whose CSI driver is
 * Mooring's. A claim that is missing or not yet bound has no volume yet (kube-scheduler's own volume binding deals
 * with it), so it adds nothing here.
 */
@ApplicationScoped
public class PodVolumes {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    SchedulerExtenderConfig config;

    /** The Mooring volumes behind {@code claims} of {@code namespace}. */
    public List<MooringVolume> of(String namespace, List<String> claims) {
        List<MooringVolume> volumes = new ArrayList<>();
        for (String claim : claims) {
            PersistentVolumeClaim pvc = kubernetes.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
            String pvName = pvc == null || pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            if (pvName == null || pvName.isBlank()) {
                continue;
            }
            PersistentVolume pv = kubernetes.persistentVolumes().withName(pvName).get();
            CSIPersistentVolumeSource csi = pv == null || pv.getSpec() == null ? null : pv.getSpec().getCsi();
            if (csi == null || !config.csiDrivers().contains(csi.getDriver()) || csi.getVolumeHandle() == null) {
                continue;
            }
            volumes.add(MooringVolume.of(csi.getVolumeHandle(), namespace + "/" + claim, csi.getVolumeAttributes()));
        }
        return volumes;
    }
}
