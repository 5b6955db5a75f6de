package dev.mooring.agent.service;

import dev.mooring.agent.domain.Drift;
import dev.mooring.agent.domain.HealPlan;
import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.PublishContext;
import dev.mooring.agent.domain.Wwids;
import dev.mooring.agent.host.DeviceMap;
import dev.mooring.agent.host.Host;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One self-healing pass: compares the sessions and maps of the node with what attach-svc holds as attached here,
 * and remedies each drift — logs in again to a dropped session, removes the map of a volume no longer attached
 * (ownership-checked), fails the I/O of such a map that is still mounted — reporting each.
 */
public final class SelfHealer {

    private static final Logger LOG = Logger.getLogger(SelfHealer.class);

    private final String node;
    private final ServicesClient services;
    private final Host host;
    private final Ownership ownership;
    private final NodeVolumes volumes;
    private final DriftReporter reporter;
    /** Degraded maps already reported: a map that stays degraded is reported once, not at every pass. */
    private Set<String> degradedReported = Set.of();

    public SelfHealer(String node, ServicesClient services, Host host, Ownership ownership, NodeVolumes volumes,
                      DriftReporter reporter) {
        this.node = node;
        this.services = services;
        this.host = host;
        this.ownership = ownership;
        this.volumes = volumes;
        this.reporter = reporter;
    }

    /** Runs one pass; returns the drifts it found. */
    public synchronized List<Drift> pass() {
        Map<String, PublishContext> attached = new LinkedHashMap<>();
        for (ServicesClient.NodeAttachment a : services.attachments(node)) {
            try {
                PublishContext ctx = PublishContext.parse(a.publishContext());
                attached.put(ctx.serial(), ctx);
            } catch (RuntimeException e) {
                LOG.warnf("node=%s volume=%s: attach-svc's paths are unusable: %s", node, a.volumeId(),
                        e.getMessage());
            }
        }
        Set<String> drives = new HashSet<>();
        services.drives(node).forEach(d -> drives.add(d.serial().toLowerCase()));
        Set<String> ours = new HashSet<>(attached.keySet());
        ours.addAll(drives);
        ownership.record(ours);

        List<DeviceMap> maps = host.maps();
        List<HealPlan.MapView> views = maps.stream().map(m -> new HealPlan.MapView(m.wwid(), m.activePaths(),
                m.paths().size(), m.ioFailed())).toList();
        List<Drift> drifts = HealPlan.plan(attached, drives, host.sessions(), views, volumes.stagedSerials(),
                ownership.rule());
        Set<String> degradedNow = new HashSet<>();
        for (Drift d : drifts) {
            if (d.kind() == Drift.Kind.PATHS_DEGRADED) {
                degradedNow.add(d.subject());
                if (degradedReported.contains(d.subject())) {
                    continue;
                }
            }
            apply(d, attached);
        }
        reportRestored(degradedNow, maps, attached);
        degradedReported = degradedNow;
        forgetDetached(ours, maps);
        return drifts;
    }

    /** A map reported degraded that is whole again, still attached here: the warning gets its answer. */
    private void reportRestored(Set<String> degradedNow, List<DeviceMap> maps, Map<String, PublishContext> attached) {
        for (String wwid : degradedReported) {
            if (degradedNow.contains(wwid)) {
                continue;
            }
            maps.stream().filter(m -> m.wwid().equals(wwid)).findFirst()
                    .filter(m -> Wwids.serialOf(wwid).map(attached::containsKey).orElse(false))
                    .ifPresent(m -> reporter.report(new Drift(Drift.Kind.PATHS_RESTORED, wwid, m.activePaths() + " of "
                            + m.paths().size() + " paths active again"), true, "the map is whole again"));
        }
    }

    /** A serial leaves the ledger once attach-svc no longer attaches it here and no map of it is left. */
    private void forgetDetached(Set<String> attachedHere, List<DeviceMap> maps) {
        Set<String> mapped = new HashSet<>();
        maps.forEach(m -> Wwids.serialOf(m.wwid()).ifPresent(mapped::add));
        Set<String> staged = volumes.stagedSerials();
        for (String serial : ownership.rule().serials()) {
            if (!attachedHere.contains(serial) && !mapped.contains(serial) && !staged.contains(serial)) {
                ownership.forget(serial);
            }
        }
    }

    private void apply(Drift d, Map<String, PublishContext> attached) {
        try {
            switch (d.kind()) {
                case SESSION_DROPPED -> {
                    IscsiTarget target = attached.values().stream().flatMap(c -> c.iscsiTargets().stream())
                            .filter(t -> t.toString().equals(d.subject())).findFirst().orElseThrow();
                    host.login(target);
                    reporter.report(d, true, "logged in again to " + target);
                }
                case GHOST_MAP -> {
                    host.disconnect(d.subject(), Set.of());
                    Wwids.serialOf(d.subject()).ifPresent(ownership::forget);
                    reporter.report(d, true, "flushed and removed the map " + d.subject());
                }
                case FENCED_MAP -> {
                    host.failIo(d.subject());
                    reporter.report(d, true, "I/O to " + d.subject() + " now fails instead of queueing");
                }
                case PATHS_DEGRADED -> reporter.report(d, false, "multipathd reinstates each path once its connection is back");
                case PATHS_RESTORED -> reporter.report(d, true, d.detail());
            }
        } catch (RuntimeException e) {
            LOG.warnf("node=%s drift %s on %s not remedied: %s", node, d.kind(), d.subject(), e.getMessage());
            reporter.report(d, false, "not remedied: " + e.getMessage());
        }
    }
}
