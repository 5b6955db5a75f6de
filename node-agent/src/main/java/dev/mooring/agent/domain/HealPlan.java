package dev.mooring.agent.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what attach-svc says is attached to this node with the sessions and maps the node has, and lists the
 * drifts with their remedies. Pure: the self-healing loop gathers the inputs and applies the result.
 */
public final class HealPlan {

    private HealPlan() {
    }

    /** One multipath map as the node shows it. */
    public record MapView(String wwid, int activePaths, int totalPaths, boolean ioFailed) {
    }

    /**
     * @param attached   the publish contexts of the volumes attached here, by serial
     * @param drives     serials of the cloud drives attached to this node (no paths known: kept, never checked)
     * @param sessions   the iSCSI sessions logged in now
     * @param maps       the FlashArray maps present now
     * @param inUse      serials of volumes staged here (mounted or published)
     * @param ownership  the ownership rule: maps it does not permit are never acted on
     */
    public static List<Drift> plan(Map<String, PublishContext> attached, Set<String> drives, Set<IscsiTarget> sessions, List<MapView> maps,
                                   Set<String> inUse, OwnershipRule ownership) {
        List<Drift> drifts = new ArrayList<>();
        for (PublishContext ctx : attached.values()) {
            for (IscsiTarget t : ctx.iscsiTargets()) {
                if (!sessions.contains(t)) {
                    drifts.add(new Drift(Drift.Kind.SESSION_DROPPED, t.toString(), "volume serial " + ctx.serial()
                            + " needs the session to " + t));
                }
            }
        }
        // Several volumes share a session: report each session once.
        List<Drift> unique = new ArrayList<>();
        drifts.stream().filter(d -> unique.stream().noneMatch(u -> u.subject().equals(d.subject())))
                .forEach(unique::add);
        for (MapView map : maps) {
            String serial = Wwids.serialOf(map.wwid()).orElse(null);
            if (serial == null || !ownership.permits(map.wwid())) {
                continue;
            }
            PublishContext ctx = attached.get(serial);
            if (ctx == null && drives.contains(serial)) {
                continue;
            }
            if (ctx == null) {
                if (inUse.contains(serial)) {
                    if (!map.ioFailed()) {
                        unique.add(new Drift(Drift.Kind.FENCED_MAP, map.wwid(), "still mounted but no longer"
                                + " attached to this node: its I/O fails rather than hangs"));
                    }
                } else {
                    unique.add(new Drift(Drift.Kind.GHOST_MAP, map.wwid(), "no longer attached to this node"));
                }
            } else if (map.activePaths() < ctx.expectedPaths()) {
                unique.add(new Drift(Drift.Kind.PATHS_DEGRADED, map.wwid(), map.activePaths() + " of "
                        + ctx.expectedPaths() + " paths active"));
            }
        }
        return unique;
    }
}
