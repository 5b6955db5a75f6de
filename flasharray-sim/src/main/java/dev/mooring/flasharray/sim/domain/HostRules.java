package dev.mooring.flasharray.sim.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hosts on one array: create, change (initiators, rename, personality, host group, preferred arrays, CHAP) and
 * delete. Every check of a change runs before any part of it is applied. Callers hold the {@link SimulatedFleet} lock.
 */
final class HostRules {
    private static final Set<String> PERSONALITIES = Set.of("aix", "esxi", "hitachi-vsp", "hpux", "oracle-vm-server", "solaris", "vms");

    private final Inventory inventory;
    private final HostGroupRules hostGroups;

    HostRules(Inventory inventory, HostGroupRules hostGroups) {
        this.inventory = inventory;
        this.hostGroups = hostGroups;
    }

    List<Host> hosts(String arrayName) {
        return new ArrayList<>(inventory.array(arrayName).hosts.values());
    }

    Host host(String arrayName, String name) {
        return inventory.array(arrayName).hosts.get(NameRules.key(name));
    }

    Host createHost(String arrayName, String name, HostSpec spec) {
        SimArray a = inventory.array(arrayName);
        Realms.checkQualifiedName(a, name, "host");
        if (a.hosts.containsKey(NameRules.key(name))) {
            throw new DomainException(name, "Host already exists.");
        }
        Host h = new Host(name, inventory.nextSeq());
        Initiators.Plan plan = Initiators.plan(a, h, spec);
        if (spec.hostGroup() != null && spec.hostGroup().value() != null) {
            throw new DomainException(name, "Set the host group with PATCH after creating the host.");
        }
        List<String> preferred = spec.preferredArrays() == null ? null : checkPreferred(spec.preferredArrays());
        String personality = spec.personality() == null ? null : checkPersonality(name, spec.personality().value());
        a.hosts.put(NameRules.key(name), h);
        Initiators.apply(a, h, plan);
        h.personality = personality;
        if (preferred != null) {
            h.preferredArrays.addAll(preferred);
        }
        applyChap(h, spec);
        return h;
    }

    Host updateHost(String arrayName, Host h, HostSpec spec) {
        SimArray a = inventory.array(arrayName);
        Initiators.Plan plan = Initiators.plan(a, h, spec);
        String rename = null;
        if (spec.rename() != null && !spec.rename().equals(h.name)) {
            Realms.checkQualifiedName(a, spec.rename(), "host");
            Host clash = a.hosts.get(NameRules.key(spec.rename()));
            if (clash != null && clash != h) {
                throw new DomainException(spec.rename(), "Host already exists.");
            }
            rename = spec.rename();
        }
        String personality = spec.personality() == null ? h.personality : checkPersonality(h.name, spec.personality().value());
        HostGroup join = null;
        boolean leave = false;
        if (spec.hostGroup() != null) {
            String g = spec.hostGroup().value();
            if (g == null || g.isEmpty()) {
                leave = h.group != null;
            } else {
                HostGroup target = a.hostGroups.get(NameRules.key(g));
                if (target == null) {
                    throw DomainException.notFound("Host group", g);
                }
                if (h.group != target) {
                    if (h.group != null) {
                        throw new DomainException(h.name, "Host already belongs to host group " + h.group.name + ".");
                    }
                    HostGroupRules.checkJoin(h, target);
                    join = target;
                }
            }
        }
        List<String> preferred = null;
        if (spec.preferredArrays() != null) {
            preferred = checkPreferred(spec.preferredArrays());
            if (!preferred.isEmpty() && (h.group != null && !leave || join != null)) {
                throw new DomainException(h.name, "Preferred arrays cannot be set on a host that belongs to a host group.");
            }
        }
        // apply
        Initiators.apply(a, h, plan);
        if (rename != null) {
            a.hosts.remove(NameRules.key(h.name));
            h.name = rename;
            a.hosts.put(NameRules.key(rename), h);
        }
        h.personality = personality;
        if (leave) {
            hostGroups.leaveGroup(a, h, ConnectionEvent.CAUSE_HOST_GROUP);
        }
        if (join != null) {
            hostGroups.joinGroup(a, h, join, ConnectionEvent.CAUSE_HOST_GROUP);
        }
        if (preferred != null) {
            h.preferredArrays.clear();
            h.preferredArrays.addAll(preferred);
        }
        applyChap(h, spec);
        return h;
    }

    void deleteHost(String arrayName, Host h) {
        SimArray a = inventory.array(arrayName);
        if (h.connectionCount() > 0) {
            throw new DomainException(h.name, "Host cannot be deleted due to existing connections.");
        }
        if (h.group != null) {
            h.group.hosts.remove(h);
            h.group = null;
        }
        Initiators.release(a, h);
        a.hosts.remove(NameRules.key(h.name));
    }

    private static void applyChap(Host h, HostSpec s) {
        if (s.chapHostUser() != null) {
            h.chapHostUser = s.chapHostUser().value();
        }
        if (s.chapHostPassword() != null) {
            h.chapHostPassword = s.chapHostPassword().value();
        }
        if (s.chapTargetUser() != null) {
            h.chapTargetUser = s.chapTargetUser().value();
        }
        if (s.chapTargetPassword() != null) {
            h.chapTargetPassword = s.chapTargetPassword().value();
        }
    }

    private static String checkPersonality(String host, String p) {
        if (p == null || p.isEmpty()) {
            return null;
        }
        if (!PERSONALITIES.contains(p) && !p.startsWith("nutanix")) {
            throw new DomainException(host, "Invalid personality '" + p + "'. Leave it unset for Linux.");
        }
        return p;
    }

    private List<String> checkPreferred(List<String> names) {
        for (String n : names) {
            if (!inventory.arrays.containsKey(n)) {
                throw DomainException.notFound("Array", n);
            }
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }
}
