package dev.mooring.provisioner.domain;

import java.util.Map;

/**
 * What the provisioner needs to know of a StorageClass.
 *
 * @param reclaimPolicy        {@code Delete} or {@code Retain}; null means Kubernetes' default, Delete
 * @param volumeBindingMode    {@code Immediate} or {@code WaitForFirstConsumer}; null means Immediate
 * @param hasAllowedTopologies the class restricts volumes to topology segments ({@code allowedTopologies})
 */
public record ClassFacts(String name, String provisioner, Map<String, String> parameters, String reclaimPolicy,
                         String volumeBindingMode, boolean allowVolumeExpansion, boolean hasAllowedTopologies) {

    public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    public ClassFacts {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public boolean waitsForFirstConsumer() {
        return WAIT_FOR_FIRST_CONSUMER.equals(volumeBindingMode);
    }

    public ReclaimPolicy reclaim() {
        return ReclaimPolicy.of(reclaimPolicy);
    }
}
