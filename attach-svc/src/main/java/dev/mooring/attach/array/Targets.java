package dev.mooring.attach.array;

import java.util.List;

/**
 * An array's SCSI targets from {@code GET /ports}: the iSCSI target IQN and portals (ports with an IQN), the
 * Fibre Channel target WWNs (ports with a WWN and no NQN).
 */
public record Targets(String iscsiIqn, List<String> portals, List<String> fcWwns) {

    public Targets {
        portals = List.copyOf(portals);
        fcWwns = List.copyOf(fcWwns);
    }

    public boolean hasIscsi() {
        return iscsiIqn != null && !portals.isEmpty();
    }

    public boolean hasFc() {
        return !fcWwns.isEmpty();
    }
}
