package dev.mooring.attach.domain;

import java.util.Optional;

/** How a node reaches an array: iSCSI or Fibre Channel. */
public enum Protocol {
    iscsi,
    fc;

    /**
     * iSCSI when the node has an IQN and the array has iSCSI ports; else Fibre Channel when the node has a
     * WWN and the array has FC ports; else no path at all.
     */
    public static Optional<Protocol> choose(NodeInitiators node, boolean arrayHasIscsiPorts, boolean arrayHasFcPorts) {
        if (node.hasIqn() && arrayHasIscsiPorts) {
            return Optional.of(iscsi);
        }
        if (node.hasWwn() && arrayHasFcPorts) {
            return Optional.of(fc);
        }
        return Optional.empty();
    }
}
