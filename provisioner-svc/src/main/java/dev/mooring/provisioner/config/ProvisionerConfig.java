package dev.mooring.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How volumes are provisioned, and how the provisioner follows Kubernetes. */
@ConfigMapping(prefix = "mooring.provisioner")
public interface ProvisionerConfig {

    /** First part of every array volume name Mooring creates: {@code <prefix>-<name>-<id>}. */
    @WithDefault("mooring")
    String volumeNamePrefix();

    /**
     * How long a volume's creation keeps waiting for the array its intent names (the array chosen, and recorded,
     * before the first create) while that array does not answer; then the volume is reported Failed
     * {@code ArrayUnavailable}, and a new request for it goes back to the same array. Never to another one: the
     * create may have happened there.
     */
    @WithDefault("5m")
    Duration unavailableDeadline();

    /**
     * The provisioner names Mooring answers to: a StorageClass whose {@code provisioner} is one of them is
     * Mooring's, and its PVs name that provisioner as their CSI driver. The default lets Portworx manifests
     * work unchanged.
     */
    @WithDefault("pxd.portworx.com")
    List<String> names();

    /** Following StorageClasses, PersistentVolumeClaims and PersistentVolumes. */
    Kubernetes kubernetes();

    interface Kubernetes {

        /** Watch StorageClasses, PVCs and PVs; false runs the REST API only (no Kubernetes API needed). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often the informers hand every object over again: a change missed for any reason is acted on
         * then at the latest, and claims whose volume failed for a passing reason are tried again.
         */
        @WithDefault("1m")
        Duration resync();

        /**
         * A claim whose volume failed for a reason that may pass (no array answering, pod not online) is
         * requested again once its failure is this old.
         */
        @WithDefault("30s")
        Duration retryInterval();
    }
}
