package dev.mooring.topology.domain;

/** The Node annotations topology-svc reads or writes. */
public final class NodeAnnotations {

    /**
     * The {@code px/*} labels Mooring wrote, with the value it wrote: {@code px/region=r1,px/zone=z1}. A label
     * is Mooring's only while it still carries that value; one that a user set or changed is the user's.
     */
    public static final String MANAGED_LABELS = "mooring.dev/topology-labels-managed";

    /** The node's iSCSI initiator names, comma-separated (attach-svc reads the same key). */
    public static final String ISCSI_IQN = "mooring.dev/iscsi-iqn";

    /** The node's Fibre Channel WWNs, comma-separated (attach-svc reads the same key). */
    public static final String FC_WWNS = "mooring.dev/fc-wwns";

    private NodeAnnotations() {
    }
}
