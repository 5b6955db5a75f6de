package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * ActiveCluster across the stretched pods: who serves a pod on which array, the Mediator race when members lose
 * each other, pre-election while the Mediator is unreachable, and the resync when they meet again. Resync
 * progress is derived from the clock on every read, so no timer runs. Callers hold the {@link SimulatedFleet} lock.
 */
final class ActiveCluster {
    private final Inventory inventory;
    private final Links links;

    ActiveCluster(Inventory inventory, Links links) {
        this.inventory = inventory;
        this.links = links;
    }

    /** Whether the members of a stretched pod can talk: both up and their link up. */
    private boolean connected(Pod pod) {
        if (pod.members.size() < 2) {
            return true;
        }
        SimArray x = pod.members.get(0).array;
        SimArray y = pod.members.get(1).array;
        Links.Link l = links.link(x.name, y.name);
        return x.up && y.up && l != null && l.up;
    }

    /** The true status of a member, advancing resync to online when its time has come. */
    private String status(Pod pod, PodMember m, long now) {
        if (m.resyncStart != null) {
            long d = inventory.config.resyncDuration().toMillis();
            if (d <= 0 || now - m.resyncStart >= d) {
                m.resyncStart = null;
                m.offlineSince = null;
                return PodStatus.ONLINE;
            }
            return PodStatus.RESYNCING;
        }
        return m.offlineSince != null ? PodStatus.OFFLINE : PodStatus.ONLINE;
    }

    private double progress(PodMember m, long now) {
        long d = inventory.config.resyncDuration().toMillis();
        return d <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (now - m.resyncStart) / (double) d));
    }

    /**
     * Re-derives every stretched pod's state after a change of links, arrays or Mediator reachability: a lost
     * connection starts the Mediator race, a regained one starts the resync, and pre-election follows the
     * Mediator.
     */
    void reevaluate() {
        long now = inventory.now();
        for (Pod pod : inventory.allPods) {
            if (pod.members.size() < 2) {
                pod.preElected = null;
                continue;
            }
            boolean conn = connected(pod);
            if (pod.connected && !conn) {
                race(pod, now);
            } else if (!pod.connected && conn) {
                for (PodMember m : pod.members) {
                    if (m.offlineSince != null && m.resyncStart == null) {
                        m.resyncStart = now;
                    }
                }
            }
            pod.connected = conn;
            boolean noneReaches = pod.members.stream().noneMatch(m -> m.array.reachesMediator());
            if (!noneReaches) {
                pod.preElected = null;
            } else if (conn && pod.preElected == null) {
                for (SimArray c : candidates(pod, now)) {
                    pod.preElected = c.name;
                    break;
                }
            }
        }
    }

    /** In-sync members in race order: failover preferences first, then member order. */
    private List<SimArray> candidates(Pod pod, long now) {
        List<SimArray> order = new ArrayList<>();
        for (String pref : pod.failoverPreferences) {
            for (PodMember m : pod.members) {
                if (m.array.name.equals(pref) && !order.contains(m.array)) {
                    order.add(m.array);
                }
            }
        }
        for (PodMember m : pod.members) {
            if (!order.contains(m.array)) {
                order.add(m.array);
            }
        }
        order.removeIf(x -> !PodStatus.ONLINE.equals(status(pod, pod.member(x), now)));
        return order;
    }

    private void race(Pod pod, long now) {
        List<SimArray> candidates = candidates(pod, now);
        SimArray winner = null;
        for (SimArray c : candidates) {
            if (c.reachesMediator()) {
                winner = c;
                break;
            }
        }
        if (winner == null && pod.preElected != null) {
            for (SimArray c : candidates) {
                if (c.name.equals(pod.preElected) && c.up) {
                    winner = c;
                }
            }
        }
        for (PodMember m : pod.members) {
            if (m.array == winner) {
                continue;
            }
            String s = status(pod, m, now);
            if (PodStatus.ONLINE.equals(s)) {
                m.offlineSince = now;
                m.resyncStart = null;
            } else if (PodStatus.RESYNCING.equals(s)) {
                m.resyncStart = null;
                if (m.offlineSince == null) {
                    m.offlineSince = now;
                }
            }
        }
    }

    /** Refuses an I/O-related change of a pod on an array where the pod is not online. */
    void requireServing(SimArray a, Pod pod) {
        PodMember m = pod.member(a);
        if (m == null) {
            return;
        }
        String s = status(pod, m, inventory.now());
        if (!PodStatus.ONLINE.equals(s)) {
            throw new DomainException(pod.name, "Cannot modify pod " + pod.name + ": the pod is " + s + " on this array.");
        }
    }

    /** The pod's {@code arrays[]} as {@code viewer} reports them. */
    List<PodStatus> podStatuses(Pod pod, String viewerName) {
        SimArray viewer = inventory.array(viewerName);
        long now = inventory.now();
        boolean conn = connected(pod);
        PodMember self = pod.member(viewer);
        String selfStatus = self == null ? PodStatus.ONLINE : status(pod, self, now);
        List<PodStatus> out = new ArrayList<>(pod.members.size());
        for (PodMember m : pod.members) {
            boolean isSelf = m.array == viewer;
            // a member that lost its peer and is not serving cannot know how the peer is doing
            if (!isSelf && !conn && !PodStatus.ONLINE.equals(selfStatus)) {
                out.add(new PodStatus(m.array.name, m.array.id, PodStatus.UNKNOWN, PodStatus.UNKNOWN, false, null, null));
                continue;
            }
            out.add(truth(pod, m, now, isSelf || conn));
        }
        return out;
    }

    private PodStatus truth(Pod pod, PodMember m, long now, boolean mediatorKnown) {
        String s = status(pod, m, now);
        String med = !mediatorKnown ? PodStatus.UNKNOWN
                : m.array.reachesMediator() ? PodStatus.MEDIATOR_ONLINE : PodStatus.MEDIATOR_UNREACHABLE;
        Long frozen = PodStatus.ONLINE.equals(s) ? null : m.offlineSince;
        Double progress = PodStatus.RESYNCING.equals(s) ? progress(m, now) : null;
        return new PodStatus(m.array.name, m.array.id, s, med, m.array.name.equals(pod.preElected), frozen, progress);
    }

    /** Sets Mediator reachability for the named arrays (all when null or empty). */
    void setMediatorReachable(Collection<String> names, boolean reachable) {
        Collection<String> targets = names == null || names.isEmpty() ? inventory.arrays.keySet() : names;
        // check every name before changing any
        for (String n : targets) {
            inventory.array(n);
        }
        for (String n : targets) {
            inventory.arrays.get(n).mediatorReachable = reachable;
        }
        reevaluate();
    }

    /** The world as the admin API shows it: arrays, links, Mediator reachability and the true state of every pod. */
    FleetState state(ToIntFunction<String> portOf) {
        long now = inventory.now();
        List<FleetState.ArrayState> as = new ArrayList<>();
        Map<String, Boolean> reach = new TreeMap<>();
        for (SimArray a : inventory.arrays.values()) {
            as.add(new FleetState.ArrayState(a.name, a.id, a.up, portOf.applyAsInt(a.name)));
            reach.put(a.name, a.mediatorReachable);
        }
        List<FleetState.LinkState> ls = links.states();
        List<FleetState.PodState> ps = new ArrayList<>();
        for (Pod p : inventory.allPods) {
            List<PodStatus> st = new ArrayList<>();
            for (PodMember m : p.members) {
                st.add(truth(p, m, now, true));
            }
            ps.add(new FleetState.PodState(p.name, p.id, p.memberNames(), List.copyOf(p.failoverPreferences), p.preElected, p.destroyed, st));
        }
        return new FleetState(as, ls, new FleetState.MediatorState(inventory.config.mediator().name(), reach), ps);
    }
}
