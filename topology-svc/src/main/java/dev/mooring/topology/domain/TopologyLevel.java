package dev.mooring.topology.domain;

import java.util.List;

/**
 * One level of a node's topology, with the inputs that can give it a value, in precedence order: the
 * {@code px/*} override label, the standard Kubernetes labels (GA spelling before the legacy beta one), and
 * the keys a node reports from {@code /etc/pwx/px_env} (the {@code PX_} spelling before the older
 * {@code PWX_}).
 */
public enum TopologyLevel {

    REGION("region", "px/region",
            List.of("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"),
            List.of("PX_REGION", "PWX_REGION")),
    ZONE("zone", "px/zone",
            List.of("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"),
            List.of("PX_ZONE", "PWX_ZONE")),
    /** Kubernetes has no standard rack label: a rack comes from {@code px/rack}, px_env or the default. */
    RACK("rack", "px/rack", List.of(), List.of("PX_RACK", "PWX_RACK"));

    private final String label;
    private final String pxLabel;
    private final List<String> standardLabels;
    private final List<String> pxEnvKeys;

    TopologyLevel(String label, String pxLabel, List<String> standardLabels, List<String> pxEnvKeys) {
        this.label = label;
        this.pxLabel = pxLabel;
        this.standardLabels = standardLabels;
        this.pxEnvKeys = pxEnvKeys;
    }

    /** The level's name as users see it: {@code region}, {@code zone}, {@code rack}. */
    public String label() {
        return label;
    }

    /** The override label, which is also the label Mooring writes back: {@code px/region} etc. */
    public String pxLabel() {
        return pxLabel;
    }

    public List<String> standardLabels() {
        return standardLabels;
    }

    public List<String> pxEnvKeys() {
        return pxEnvKeys;
    }

    /** The level whose override label is {@code key}, if any. */
    public static TopologyLevel ofPxLabel(String key) {
        for (TopologyLevel level : values()) {
            if (level.pxLabel.equals(key)) {
                return level;
            }
        }
        return null;
    }
}
