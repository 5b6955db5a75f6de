package dev.mooring.attach.domain;

import java.util.Set;

/**
 * Whether a host that already carries a node's deterministic name on an array may be used for that node
 * although Mooring has no record of making it: only when every initiator it has belongs to the node (and
 * it has at least one) — the host a crash left behind between its creation and its record. A host with
 * anybody else's initiators is somebody else's and is never touched.
 */
public final class HostAdoption {

    private HostAdoption() {
    }

    public static boolean mayAdopt(NodeInitiators onHost, NodeInitiators node) {
        Set<String> host = onHost.comparable();
        return !host.isEmpty() && node.comparable().containsAll(host);
    }
}
