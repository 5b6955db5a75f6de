package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.PodConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * All state of all simulated arrays and the rules that change it. Every public method is synchronized on the
 * fleet; the REST layer also holds that monitor while it renders, so a response is one consistent view.
 * Time comes from the injected {@link Clock}: resync progress, eradication and session expiry are computed
 * lazily from it, so no timers exist and a test can move time at will.
 */
public final class SimulatedFleet {
    public static final long MAX_VOLUME_SIZE = 4503599627370496L;
    public static final long DEFAULT_VOLUME_SIZE = 1048576L;
    public static final long MIN_BANDWIDTH = 1048576L;
    public static final long MAX_BANDWIDTH = 549755813888L;
    public static final long MIN_IOPS = 100L;
    public static final long MAX_IOPS = 100_000_000L;
    public static final int MAX_LUN = 4095;
    private static final Pattern HEX16 = Pattern.compile("[0-9A-F]{16}");
    private static final Set<String> PERSONALITIES = Set.of("aix", "esxi", "hitachi-vsp", "hpux", "oracle-vm-server", "solaris", "vms");

    private final SimulatorConfig config;
    private final Clock clock;
    private final Map<String, SimArray> arrays = new LinkedHashMap<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<String, Volume> volumesById = new HashMap<>();
    private final List<Pod> allPods = new ArrayList<>();
    private final List<ConnectionEvent> history = new ArrayList<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((x, y) -> Long.compare(x.at, y.at));
    private long seq;

    private static final class Link {
        final SimArray a;
        final SimArray b;
        boolean up = true;
        Long changedAt;

        Link(SimArray a, SimArray b) {
            this.a = a;
            this.b = b;
        }
    }

    private record Expiry(long at, Object target, long destroyedAt) {
    }

    public SimulatedFleet(SimulatorConfig config) {
        this.config = config;
        this.clock = config.clock();
        long now = now();
        for (ArrayConfig ac : config.arrays()) {
            SimArray a = new SimArray(ac, now);
            arrays.put(ac.name(), a);
            for (String r : ac.realms()) {
                String id = UUID.nameUUIDFromBytes(("realm:" + ac.id() + ":" + r).getBytes(StandardCharsets.UTF_8)).toString();
                a.realms.put(NameRules.key(r), new Realm(id, r, now, ++seq));
            }
        }
        for (List<String> l : config.replicationLinks()) {
            links.put(linkKey(l.get(0), l.get(1)), new Link(arrays.get(l.get(0)), arrays.get(l.get(1))));
        }
        for (PodConfig pc : config.pods()) {
            SimArray first = arrays.get(pc.arrays().get(0));
            Realm realm = pc.realm() == null ? null : first.realms.get(NameRules.key(pc.realm()));
            Pod pod = new Pod(stableId("pod:" + pc.arrays() + ":" + pc.qualifiedName()), pc.qualifiedName(), realm, ++seq, now, config.mediator().name());
            for (String an : pc.arrays()) {
                SimArray a = arrays.get(an);
                pod.members.add(new PodMember(a));
                a.pods.put(NameRules.key(pod.name), pod);
            }
            pod.failoverPreferences.addAll(pc.failoverPreferences());
            allPods.add(pod);
        }
    }

    // ------------------------------------------------------------------ time, arrays, lookups

    public Clock clock() {
        return clock;
    }

    public long now() {
        return clock.millis();
    }

    public SimulatorConfig config() {
        return config;
    }

    public synchronized List<String> arrayNames() {
        return List.copyOf(arrays.keySet());
    }

    /** The array, or IllegalArgumentException naming it. */
    public synchronized SimArray array(String name) {
        SimArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown array '" + name + "'");
        }
        return a;
    }

    public synchronized boolean hasArray(String name) {
        return arrays.containsKey(name);
    }

    /** Eradicates destroyed volumes and pods whose eradication delay has passed. Cheap when nothing is due. */
    public synchronized void sweep() {
        if (expiries.isEmpty()) {
            return;
        }
        long now = now();
        while (!expiries.isEmpty() && expiries.peek().at <= now) {
            Expiry e = expiries.poll();
            if (e.target instanceof Volume v) {
                if (v.destroyed && v.destroyedAt == e.destroyedAt && volumesById.get(v.id) == v) {
                    removeVolume(v);
                }
            } else if (e.target instanceof Pod p) {
                if (p.destroyed && p.destroyedAt == e.destroyedAt && allPods.contains(p)) {
                    removePod(p);
                }
            }
        }
    }

    /** Milliseconds until eradication for an object destroyed at {@code destroyedAt}. */
    public long timeRemaining(long destroyedAt) {
        return Math.max(0, destroyedAt + config.eradicationDelay().toMillis() - now());
    }

    // ------------------------------------------------------------------ volumes

    /** Volumes visible on an array (its own and those of its pods), in creation order. */
    public synchronized List<Volume> volumes(String arrayName) {
        SimArray a = array(arrayName);
        List<Volume> out = new ArrayList<>(a.volumes.values());
        boolean pods = false;
        for (Pod p : a.pods.values()) {
            if (!p.volumes.isEmpty()) {
                out.addAll(p.volumes.values());
                pods = true;
            }
        }
        if (pods) {
            out.sort((x, y) -> Long.compare(x.seq, y.seq));
        }
        return out;
    }

    public synchronized Volume volume(String arrayName, String fullName) {
        SimArray a = array(arrayName);
        String[] parts = fullName.split("::", -1);
        if (parts.length == 1) {
            return a.volumes.get(NameRules.key(fullName));
        }
        if (parts.length > 3) {
            return null;
        }
        Pod pod = a.pods.get(NameRules.key(fullName.substring(0, fullName.lastIndexOf("::"))));
        return pod == null ? null : pod.volumes.get(NameRules.key(parts[parts.length - 1]));
    }

    public synchronized Volume volumeById(String arrayName, String id) {
        SimArray a = array(arrayName);
        Volume v = volumesById.get(id);
        return v != null && visible(v, a) ? v : null;
    }

    private static boolean visible(Volume v, SimArray a) {
        if (v.pod == null) {
            return v.array == a;
        }
        return v.pod.hasMember(a) && a.pods.get(NameRules.key(v.pod.name)) == v.pod;
    }

    public synchronized Volume createVolume(String arrayName, String fullName, Long provisioned,
                                            Change<Long> bandwidthLimit, Change<Long> iopsLimit) {
        SimArray a = array(arrayName);
        String[] parts = fullName.split("::", -1);
        if (parts.length > 3) {
            throw new DomainException(fullName, "Invalid volume name: at most realm::pod::volume.");
        }
        if (fullName.contains("/")) {
            throw DomainException.notFound("Volume group", fullName.substring(0, fullName.indexOf('/')));
        }
        for (String part : parts) {
            String problem = NameRules.problem(part);
            if (problem != null) {
                throw new DomainException(fullName, "Invalid volume name: " + problem + ".");
            }
        }
        String shortName = parts[parts.length - 1];
        Pod pod = null;
        Map<String, Volume> container = a.volumes;
        if (parts.length > 1) {
            String podName = fullName.substring(0, fullName.lastIndexOf("::"));
            if (parts.length == 3 && !a.realms.containsKey(NameRules.key(parts[0]))) {
                throw DomainException.notFound("Realm", parts[0]);
            }
            pod = a.pods.get(NameRules.key(podName));
            if (pod == null) {
                throw DomainException.notFound("Pod", podName);
            }
            if (pod.destroyed) {
                throw new DomainException(pod.name, "Pod has been destroyed.");
            }
            if (!"promoted".equals(pod.promotionStatus)) {
                throw new DomainException(pod.name, "Pod is demoted; volumes cannot be created in it.");
            }
            requireServing(a, pod);
            container = pod.volumes;
        }
        if (container.containsKey(NameRules.key(shortName))) {
            throw new DomainException(fullName, "Volume already exists.");
        }
        long size = provisioned == null ? DEFAULT_VOLUME_SIZE : provisioned;
        checkSize(fullName, size);
        Long bw = bandwidthLimit == null ? null : checkBandwidth(fullName, bandwidthLimit.value());
        Long iops = iopsLimit == null ? null : checkIops(fullName, iopsLimit.value());
        String counter = Integer.toHexString(++a.serialCounter).toUpperCase(Locale.ROOT);
        String serial = a.serialPrefix + "00000000".substring(Math.min(8, counter.length())) + counter;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String id = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        Volume v = new Volume(id, shortName, serial, a, pod, ++seq, now(), size);
        v.bandwidthLimit = bw;
        v.iopsLimit = iops;
        container.put(NameRules.key(shortName), v);
        volumesById.put(id, v);
        return v;
    }

    public synchronized Volume updateVolume(String arrayName, Volume v, VolumeUpdate u, boolean truncate) {
        SimArray a = array(arrayName);
        boolean other = u.name() != null || u.provisioned() != null || u.bandwidthLimit() != null || u.iopsLimit() != null;
        boolean any = other || u.destroyed() != null;
        if (v.pod != null && any) {
            requireServing(a, v.pod);
        }
        String label = v.fullName();
        if (v.destroyed && Boolean.FALSE.equals(u.destroyed())) {
            if (v.pod != null && v.pod.destroyed) {
                throw new DomainException(v.pod.name, "Pod has been destroyed.");
            }
            v.destroyed = false;
            v.destroyedAt = 0;
        }
        if (v.destroyed && (other || Boolean.TRUE.equals(u.destroyed()))) {
            throw new DomainException(label, "Volume has been destroyed.");
        }
        // validate everything before changing anything
        String newShort = null;
        if (u.name() != null) {
            String[] parts = u.name().split("::", -1);
            String target = parts[parts.length - 1];
            if (parts.length > 1) {
                String podName = u.name().substring(0, u.name().lastIndexOf("::"));
                if (v.pod == null || !NameRules.key(podName).equals(NameRules.key(v.pod.name))) {
                    throw new DomainException(u.name(), "A rename cannot move a volume into or out of a pod.");
                }
            }
            String problem = NameRules.problem(target);
            if (problem != null) {
                throw new DomainException(u.name(), "Invalid volume name: " + problem + ".");
            }
            Map<String, Volume> container = v.pod == null ? a.volumes : v.pod.volumes;
            Volume clash = container.get(NameRules.key(target));
            if (clash != null && clash != v) {
                throw new DomainException(u.name(), "Volume already exists.");
            }
            newShort = target;
        }
        if (u.provisioned() != null) {
            checkSize(label, u.provisioned());
            if (u.provisioned() < v.provisioned && !truncate) {
                throw new DomainException(label, "Implicit truncation not permitted. Set truncate=true to shrink the volume.");
            }
        }
        Long bw = u.bandwidthLimit() == null ? null : checkBandwidth(label, u.bandwidthLimit().value());
        Long iops = u.iopsLimit() == null ? null : checkIops(label, u.iopsLimit().value());
        if (Boolean.TRUE.equals(u.destroyed()) && !v.destroyed && config.refuseDestroyConnectedVolume()) {
            for (SimArray x : arraysSeeing(v)) {
                if (x.connectionCount(v) > 0) {
                    throw new DomainException(label, "Volume cannot be destroyed due to existing connections.");
                }
            }
        }
        // apply
        if (newShort != null) {
            Map<String, Volume> container = v.pod == null ? a.volumes : v.pod.volumes;
            container.remove(NameRules.key(v.name));
            v.name = newShort;
            container.put(NameRules.key(newShort), v);
        }
        if (u.provisioned() != null) {
            v.provisioned = u.provisioned();
            v.written = Math.min(v.written, v.provisioned);
        }
        if (u.bandwidthLimit() != null) {
            v.bandwidthLimit = bw;
        }
        if (u.iopsLimit() != null) {
            v.iopsLimit = iops;
        }
        if (Boolean.TRUE.equals(u.destroyed()) && !v.destroyed) {
            destroyVolume(v, ConnectionEvent.CAUSE_API);
        }
        return v;
    }

    /**
     * Creates {@code fullName} as a copy of {@code source} (its size unless {@code provisioned} is given, and its
     * written bytes); with {@code overwrite} an existing live volume takes the source's size and content.
     */
    public synchronized Volume cloneVolume(String arrayName, String fullName, Volume source, Long provisioned, boolean overwrite) {
        SimArray a = array(arrayName);
        if (source.destroyed) {
            throw new DomainException(source.fullName(), "Volume has been destroyed.");
        }
        Volume existing = volume(arrayName, fullName);
        if (existing != null && overwrite) {
            if (existing.destroyed) {
                throw new DomainException(fullName, "Volume has been destroyed.");
            }
            if (existing.pod != null) {
                requireServing(a, existing.pod);
            }
            existing.provisioned = source.provisioned;
            existing.written = source.written;
            return existing;
        }
        Volume v = createVolume(arrayName, fullName, provisioned == null ? source.provisioned : provisioned,
                source.bandwidthLimit == null ? null : Change.to(source.bandwidthLimit),
                source.iopsLimit == null ? null : Change.to(source.iopsLimit));
        v.written = Math.min(source.written, v.provisioned);
        return v;
    }

    private void destroyVolume(Volume v, String cause) {
        disconnectEverywhere(v, cause);
        v.destroyed = true;
        v.destroyedAt = now();
        expiries.add(new Expiry(v.destroyedAt + config.eradicationDelay().toMillis(), v, v.destroyedAt));
    }

    public synchronized void eradicateVolume(String arrayName, Volume v) {
        SimArray a = array(arrayName);
        if (!v.destroyed) {
            throw new DomainException(v.fullName(), "Volume must be destroyed before it can be eradicated.");
        }
        if (v.pod != null) {
            requireServing(a, v.pod);
        }
        removeVolume(v);
    }

    private void removeVolume(Volume v) {
        disconnectEverywhere(v, ConnectionEvent.CAUSE_API);
        Map<String, Volume> container = v.pod == null ? v.array.volumes : v.pod.volumes;
        if (container.get(NameRules.key(v.name)) == v) {
            container.remove(NameRules.key(v.name));
        }
        volumesById.remove(v.id);
    }

    private List<SimArray> arraysSeeing(Volume v) {
        if (v.pod == null) {
            return List.of(v.array);
        }
        List<SimArray> out = new ArrayList<>(2);
        for (PodMember m : v.pod.members) {
            out.add(m.array);
        }
        return out;
    }

    private void disconnectEverywhere(Volume v, String cause) {
        for (SimArray x : arraysSeeing(v)) {
            for (Connection c : new ArrayList<>(x.connectionsOf(v))) {
                if (c.group == null) {
                    removePrivate(x, c, cause);
                } else {
                    removeShared(x, c, cause);
                }
            }
        }
    }

    private static void checkSize(String label, long size) {
        if (size <= 0 || size % 512 != 0) {
            throw new DomainException(label, "Volume size must be a positive multiple of 512 bytes.");
        }
        if (size > MAX_VOLUME_SIZE) {
            throw new DomainException(label, "Volume size exceeds the maximum of 4 PiB (" + MAX_VOLUME_SIZE + " bytes).");
        }
    }

    private static Long checkBandwidth(String label, Long bw) {
        if (bw != null && (bw < MIN_BANDWIDTH || bw > MAX_BANDWIDTH)) {
            throw new DomainException(label, "Bandwidth limit must be between " + MIN_BANDWIDTH + " and " + MAX_BANDWIDTH + " bytes per second.");
        }
        return bw;
    }

    private static Long checkIops(String label, Long iops) {
        if (iops != null && (iops < MIN_IOPS || iops > MAX_IOPS)) {
            throw new DomainException(label, "IOPS limit must be between " + MIN_IOPS + " and " + MAX_IOPS + ".");
        }
        return iops;
    }

    /** Admin: how many bytes a volume holds. */
    public synchronized void setWritten(String arrayName, String volumeName, long bytes) {
        Volume v = volume(arrayName, volumeName);
        if (v == null) {
            throw new IllegalArgumentException("volume: no volume '" + volumeName + "' on array " + arrayName);
        }
        if (bytes < 0 || bytes > v.provisioned) {
            throw new IllegalArgumentException("bytes: must be between 0 and the volume's provisioned size " + v.provisioned);
        }
        v.written = bytes;
    }

    // ------------------------------------------------------------------ hosts

    public synchronized List<Host> hosts(String arrayName) {
        return new ArrayList<>(array(arrayName).hosts.values());
    }

    public synchronized Host host(String arrayName, String name) {
        return array(arrayName).hosts.get(NameRules.key(name));
    }

    public synchronized Host createHost(String arrayName, String name, HostSpec spec) {
        SimArray a = array(arrayName);
        checkQualifiedName(a, name, "host");
        if (a.hosts.containsKey(NameRules.key(name))) {
            throw new DomainException(name, "Host already exists.");
        }
        Host h = new Host(name, ++seq);
        InitiatorPlan plan = planInitiators(a, h, spec);
        if (spec.hostGroup() != null && spec.hostGroup().value() != null) {
            throw new DomainException(name, "Set the host group with PATCH after creating the host.");
        }
        List<String> preferred = spec.preferredArrays() == null ? null : checkPreferred(spec.preferredArrays());
        String personality = spec.personality() == null ? null : checkPersonality(name, spec.personality().value());
        a.hosts.put(NameRules.key(name), h);
        applyInitiators(a, h, plan);
        h.personality = personality;
        if (preferred != null) {
            h.preferredArrays.addAll(preferred);
        }
        applyChap(h, spec);
        return h;
    }

    public synchronized Host updateHost(String arrayName, Host h, HostSpec spec) {
        SimArray a = array(arrayName);
        InitiatorPlan plan = planInitiators(a, h, spec);
        String rename = null;
        if (spec.rename() != null && !spec.rename().equals(h.name)) {
            checkQualifiedName(a, spec.rename(), "host");
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
                    checkJoin(h, target);
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
        applyInitiators(a, h, plan);
        if (rename != null) {
            a.hosts.remove(NameRules.key(h.name));
            h.name = rename;
            a.hosts.put(NameRules.key(rename), h);
        }
        h.personality = personality;
        if (leave) {
            leaveGroup(a, h, ConnectionEvent.CAUSE_HOST_GROUP);
        }
        if (join != null) {
            joinGroup(a, h, join, ConnectionEvent.CAUSE_HOST_GROUP);
        }
        if (preferred != null) {
            h.preferredArrays.clear();
            h.preferredArrays.addAll(preferred);
        }
        applyChap(h, spec);
        return h;
    }

    public synchronized void deleteHost(String arrayName, Host h) {
        SimArray a = array(arrayName);
        if (h.connectionCount() > 0) {
            throw new DomainException(h.name, "Host cannot be deleted due to existing connections.");
        }
        if (h.group != null) {
            h.group.hosts.remove(h);
            h.group = null;
        }
        for (String i : h.iqns) {
            a.initiators.remove(iqnKey(i));
        }
        for (String w : h.wwns) {
            a.initiators.remove("wwn:" + w);
        }
        for (String n : h.nqns) {
            a.initiators.remove(nqnKey(n));
        }
        a.hosts.remove(NameRules.key(h.name));
    }

    private record InitiatorPlan(List<String> iqns, List<String> wwns, List<String> nqns) {
    }

    private InitiatorPlan planInitiators(SimArray a, Host h, HostSpec s) {
        List<String> iqns = plan(h.iqns, s.iqns(), s.addIqns(), s.removeIqns(), this::normaliseIqn);
        List<String> wwns = plan(h.wwns, s.wwns(), s.addWwns(), s.removeWwns(), SimulatedFleet::normaliseWwn);
        List<String> nqns = plan(h.nqns, s.nqns(), s.addNqns(), s.removeNqns(), this::normaliseNqn);
        for (String i : iqns) {
            checkFree(a, h, iqnKey(i), "IQN", i);
        }
        for (String w : wwns) {
            checkFree(a, h, "wwn:" + w, "WWN", w);
        }
        for (String n : nqns) {
            checkFree(a, h, nqnKey(n), "NQN", n);
        }
        return new InitiatorPlan(iqns, wwns, nqns);
    }

    private static void checkFree(SimArray a, Host h, String key, String kind, String value) {
        Host owner = a.initiators.get(key);
        if (owner != null && owner != h) {
            throw new DomainException(h.name, "The " + kind + " " + value + " is already in use by host " + owner.name + ".");
        }
    }

    private static List<String> plan(Set<String> current, List<String> replace, List<String> add, List<String> remove,
                                     java.util.function.UnaryOperator<String> normalise) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        if (replace != null) {
            for (String s : replace) {
                out.add(normalise.apply(s));
            }
        } else {
            out.addAll(current);
        }
        if (add != null) {
            for (String s : add) {
                out.add(normalise.apply(s));
            }
        }
        if (remove != null) {
            for (String s : remove) {
                String n = normalise.apply(s);
                out.removeIf(x -> x.equalsIgnoreCase(n));
            }
        }
        return new ArrayList<>(out);
    }

    private String normaliseIqn(String s) {
        String t = s == null ? "" : s.trim();
        String l = t.toLowerCase(Locale.ROOT);
        if (!(l.startsWith("iqn.") || l.startsWith("eui.")) || t.length() < 5 || t.length() > 223) {
            throw new DomainException(t, "Invalid IQN '" + t + "'.");
        }
        return t;
    }

    private String normaliseNqn(String s) {
        String t = s == null ? "" : s.trim();
        if (!t.toLowerCase(Locale.ROOT).startsWith("nqn.") || t.length() < 5 || t.length() > 223) {
            throw new DomainException(t, "Invalid NQN '" + t + "'.");
        }
        return t;
    }

    /** WWNs are shown upper case without colons; input may have colons and any case. */
    public static String normaliseWwn(String s) {
        String t = s == null ? "" : s.trim().replace(":", "").toUpperCase(Locale.ROOT);
        if (!HEX16.matcher(t).matches()) {
            throw new DomainException(s, "Invalid WWN '" + s + "'.");
        }
        return t;
    }

    private static String iqnKey(String iqn) {
        return "iqn:" + iqn.toLowerCase(Locale.ROOT);
    }

    private static String nqnKey(String nqn) {
        return "nqn:" + nqn.toLowerCase(Locale.ROOT);
    }

    private void applyInitiators(SimArray a, Host h, InitiatorPlan plan) {
        for (String i : h.iqns) {
            a.initiators.remove(iqnKey(i));
        }
        for (String w : h.wwns) {
            a.initiators.remove("wwn:" + w);
        }
        for (String n : h.nqns) {
            a.initiators.remove(nqnKey(n));
        }
        h.iqns.clear();
        h.wwns.clear();
        h.nqns.clear();
        h.iqns.addAll(plan.iqns);
        h.wwns.addAll(plan.wwns);
        h.nqns.addAll(plan.nqns);
        for (String i : h.iqns) {
            a.initiators.put(iqnKey(i), h);
        }
        for (String w : h.wwns) {
            a.initiators.put("wwn:" + w, h);
        }
        for (String n : h.nqns) {
            a.initiators.put(nqnKey(n), h);
        }
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

    private String checkPersonality(String host, String p) {
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
            if (!arrays.containsKey(n)) {
                throw DomainException.notFound("Array", n);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }

    private void checkQualifiedName(SimArray a, String name, String kind) {
        String[] parts = name.split("::", -1);
        if (parts.length > 2) {
            throw new DomainException(name, "Invalid " + kind + " name.");
        }
        for (String p : parts) {
            String problem = NameRules.problem(p);
            if (problem != null) {
                throw new DomainException(name, "Invalid " + kind + " name: " + problem + ".");
            }
        }
        if (parts.length == 2 && !a.realms.containsKey(NameRules.key(parts[0]))) {
            throw DomainException.notFound("Realm", parts[0]);
        }
    }

    // ------------------------------------------------------------------ host groups

    public synchronized List<HostGroup> hostGroups(String arrayName) {
        return new ArrayList<>(array(arrayName).hostGroups.values());
    }

    public synchronized HostGroup hostGroup(String arrayName, String name) {
        return array(arrayName).hostGroups.get(NameRules.key(name));
    }

    public synchronized HostGroup createHostGroup(String arrayName, String name) {
        SimArray a = array(arrayName);
        checkQualifiedName(a, name, "host group");
        if (a.hostGroups.containsKey(NameRules.key(name))) {
            throw new DomainException(name, "Host group already exists.");
        }
        HostGroup g = new HostGroup(name, ++seq);
        a.hostGroups.put(NameRules.key(name), g);
        return g;
    }

    public synchronized HostGroup renameHostGroup(String arrayName, HostGroup g, String newName) {
        SimArray a = array(arrayName);
        checkQualifiedName(a, newName, "host group");
        HostGroup clash = a.hostGroups.get(NameRules.key(newName));
        if (clash != null && clash != g) {
            throw new DomainException(newName, "Host group already exists.");
        }
        a.hostGroups.remove(NameRules.key(g.name));
        g.name = newName;
        a.hostGroups.put(NameRules.key(newName), g);
        return g;
    }

    public synchronized void deleteHostGroup(String arrayName, HostGroup g) {
        SimArray a = array(arrayName);
        if (!g.connections.isEmpty()) {
            throw new DomainException(g.name, "Host group cannot be deleted due to existing connections.");
        }
        if (!g.hosts.isEmpty()) {
            throw new DomainException(g.name, "Host group cannot be deleted because it still has member hosts.");
        }
        a.hostGroups.remove(NameRules.key(g.name));
    }

    public synchronized void addHostsToGroup(String arrayName, HostGroup g, List<Host> hosts) {
        SimArray a = array(arrayName);
        for (Host h : hosts) {
            if (h.group == g) {
                throw new DomainException(h.name, "Host is already a member of host group " + g.name + ".");
            }
            if (h.group != null) {
                throw new DomainException(h.name, "Host already belongs to host group " + h.group.name + ".");
            }
            if (!h.preferredArrays.isEmpty()) {
                throw new DomainException(h.name, "A host with preferred arrays cannot join a host group.");
            }
            checkJoin(h, g);
        }
        for (Host h : hosts) {
            joinGroup(a, h, g, ConnectionEvent.CAUSE_HOST_GROUP);
        }
    }

    public synchronized void removeHostsFromGroup(String arrayName, HostGroup g, List<Host> hosts) {
        SimArray a = array(arrayName);
        for (Host h : hosts) {
            if (h.group != g) {
                throw new DomainException(h.name, "Host is not a member of host group " + g.name + ".");
            }
        }
        for (Host h : hosts) {
            leaveGroup(a, h, ConnectionEvent.CAUSE_HOST_GROUP);
        }
    }

    private static void checkJoin(Host h, HostGroup g) {
        for (Connection c : g.connections.values()) {
            if (h.privateConnections.containsKey(c.volume.id)) {
                throw new DomainException(h.name, "Host already has a private connection to volume " + c.volume.fullName()
                        + ", which host group " + g.name + " is connected to.");
            }
            if (h.luns.get(c.lun)) {
                throw new DomainException(h.name, "LUN " + c.lun + " of host group " + g.name + " is already in use on host " + h.name + ".");
            }
        }
    }

    private void joinGroup(SimArray a, Host h, HostGroup g, String cause) {
        h.group = g;
        g.hosts.add(h);
        for (Connection c : g.connections.values()) {
            h.luns.set(c.lun);
            record(a, h, g, c.volume, c.lun, ConnectionEvent.CONNECT, cause);
        }
    }

    private void leaveGroup(SimArray a, Host h, String cause) {
        HostGroup g = h.group;
        for (Connection c : g.connections.values()) {
            h.luns.clear(c.lun);
            record(a, h, g, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
        }
        g.hosts.remove(h);
        h.group = null;
    }

    // ------------------------------------------------------------------ connections

    public synchronized List<Connection> connections(String arrayName) {
        return new ArrayList<>(array(arrayName).connections.values());
    }

    public synchronized Connection connectHost(String arrayName, Host h, Volume v, Integer lun) {
        SimArray a = array(arrayName);
        checkConnectable(a, v);
        if (h.privateConnections.containsKey(v.id) || h.group != null && h.group.connections.containsKey(v.id)) {
            throw new DomainException(v.fullName(), "Connection already exists.");
        }
        int chosen;
        if (lun != null) {
            checkLun(v, lun);
            if (h.luns.get(lun)) {
                throw new DomainException(h.name, "LUN " + lun + " is already in use on host " + h.name + ".");
            }
            chosen = lun;
        } else {
            chosen = h.luns.nextClearBit(1);
            if (chosen > MAX_LUN) {
                throw new DomainException(h.name, "Connection limit reached: host " + h.name + " has no free LUN.");
            }
        }
        Connection c = new Connection(++seq, h, null, v, chosen);
        h.privateConnections.put(v.id, c);
        h.luns.set(chosen);
        a.index(c);
        record(a, h, null, v, chosen, ConnectionEvent.CONNECT, ConnectionEvent.CAUSE_API);
        return c;
    }

    public synchronized Connection connectHostGroup(String arrayName, HostGroup g, Volume v, Integer lun) {
        SimArray a = array(arrayName);
        checkConnectable(a, v);
        if (g.connections.containsKey(v.id)) {
            throw new DomainException(v.fullName(), "Connection already exists.");
        }
        for (Host h : g.hosts) {
            if (h.privateConnections.containsKey(v.id)) {
                throw new DomainException(v.fullName(), "Volume is already connected to host " + h.name + " of host group " + g.name + ".");
            }
        }
        int chosen;
        if (lun != null) {
            checkLun(v, lun);
            if (!sharedLunFree(g, lun)) {
                throw new DomainException(g.name, "LUN " + lun + " is already in use in host group " + g.name + ".");
            }
            chosen = lun;
        } else {
            chosen = -1;
            for (int l = 254; l >= 1 && chosen < 0; l--) {
                if (sharedLunFree(g, l)) {
                    chosen = l;
                }
            }
            for (int l = 255; l <= MAX_LUN && chosen < 0; l++) {
                if (sharedLunFree(g, l)) {
                    chosen = l;
                }
            }
            if (chosen < 0) {
                throw new DomainException(g.name, "Connection limit reached: host group " + g.name + " has no free LUN.");
            }
        }
        Connection c = new Connection(++seq, null, g, v, chosen);
        g.connections.put(v.id, c);
        g.luns.set(chosen);
        a.index(c);
        for (Host h : g.hosts) {
            h.luns.set(chosen);
            record(a, h, g, v, chosen, ConnectionEvent.CONNECT, ConnectionEvent.CAUSE_API);
        }
        return c;
    }

    private static boolean sharedLunFree(HostGroup g, int lun) {
        if (g.luns.get(lun)) {
            return false;
        }
        for (Host h : g.hosts) {
            if (h.luns.get(lun)) {
                return false;
            }
        }
        return true;
    }

    private static void checkLun(Volume v, int lun) {
        if (lun < 1 || lun > MAX_LUN) {
            throw new DomainException(v.fullName(), "LUN must be between 1 and " + MAX_LUN + ".");
        }
    }

    private void checkConnectable(SimArray a, Volume v) {
        if (v.destroyed) {
            throw new DomainException(v.fullName(), "Volume has been destroyed.");
        }
        if (v.pod != null) {
            requireServing(a, v.pod);
        }
    }

    public synchronized void disconnectHost(String arrayName, Host h, Volume v) {
        SimArray a = array(arrayName);
        Connection c = h.privateConnections.get(v.id);
        if (c == null) {
            throw new DomainException(v.fullName(), "Connection does not exist.");
        }
        removePrivate(a, c, ConnectionEvent.CAUSE_API);
    }

    public synchronized void disconnectHostGroup(String arrayName, HostGroup g, Volume v) {
        SimArray a = array(arrayName);
        Connection c = g.connections.get(v.id);
        if (c == null) {
            throw new DomainException(v.fullName(), "Connection does not exist.");
        }
        removeShared(a, c, ConnectionEvent.CAUSE_API);
    }

    /**
     * Admin: removes a connection "by hand". A private connection of the host goes; if the host sees the volume
     * only through its host group, that group connection goes (for every member).
     */
    public synchronized void adminDisconnect(String arrayName, String hostName, String volumeName) {
        SimArray a = array(arrayName);
        Host h = a.hosts.get(NameRules.key(hostName));
        if (h == null) {
            throw new IllegalArgumentException("host_names: no host '" + hostName + "' on array " + arrayName);
        }
        Volume v = volume(arrayName, volumeName);
        if (v == null) {
            throw new IllegalArgumentException("volume_names: no volume '" + volumeName + "' on array " + arrayName);
        }
        Connection c = h.privateConnections.get(v.id);
        if (c != null) {
            removePrivate(a, c, ConnectionEvent.CAUSE_ADMIN);
            return;
        }
        if (h.group != null && h.group.connections.containsKey(v.id)) {
            removeShared(a, h.group.connections.get(v.id), ConnectionEvent.CAUSE_ADMIN);
            return;
        }
        throw new IllegalArgumentException("host_names: host '" + hostName + "' is not connected to volume '" + volumeName + "'");
    }

    private void removePrivate(SimArray a, Connection c, String cause) {
        c.host.privateConnections.remove(c.volume.id);
        c.host.luns.clear(c.lun);
        a.unindex(c);
        record(a, c.host, null, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
    }

    private void removeShared(SimArray a, Connection c, String cause) {
        HostGroup g = c.group;
        g.connections.remove(c.volume.id);
        g.luns.clear(c.lun);
        a.unindex(c);
        for (Host h : g.hosts) {
            h.luns.clear(c.lun);
            record(a, h, g, c.volume, c.lun, ConnectionEvent.DISCONNECT, cause);
        }
    }

    private void record(SimArray a, Host h, HostGroup g, Volume v, int lun, String action, String cause) {
        history.add(new ConnectionEvent(history.size() + 1L, now(), a.name, h.name, g == null ? null : g.name,
                v.fullName(), v.id, lun, action, cause));
    }

    /** The connection history, filtered (nulls match all), strictly ordered by seq. */
    public synchronized List<ConnectionEvent> connectionHistory(String arrayName, String host, String volume, long afterSeq) {
        List<ConnectionEvent> out = new ArrayList<>();
        int start = (int) Math.max(0, Math.min(afterSeq, history.size()));
        for (int i = start; i < history.size(); i++) {
            ConnectionEvent e = history.get(i);
            if ((arrayName == null || arrayName.equals(e.array())) && (host == null || host.equalsIgnoreCase(e.host()))
                    && (volume == null || volume.equalsIgnoreCase(e.volume()))) {
                out.add(e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ realms

    public synchronized List<Realm> realms(String arrayName) {
        return new ArrayList<>(array(arrayName).realms.values());
    }

    public synchronized Realm realm(String arrayName, String name) {
        return array(arrayName).realms.get(NameRules.key(name));
    }

    /** Pods of a realm on an array. */
    public synchronized List<Pod> podsOfRealm(String arrayName, Realm r) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : array(arrayName).pods.values()) {
            if (p.realm == r) {
                out.add(p);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ pods

    public synchronized List<Pod> pods(String arrayName) {
        return new ArrayList<>(array(arrayName).pods.values());
    }

    public synchronized Pod pod(String arrayName, String name) {
        return array(arrayName).pods.get(NameRules.key(name));
    }

    public synchronized Pod podById(String arrayName, String id) {
        for (Pod p : array(arrayName).pods.values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    public synchronized Pod createPod(String arrayName, String fullName, List<String> failoverPreferences, Long quotaLimit) {
        SimArray a = array(arrayName);
        String[] parts = fullName.split("::", -1);
        if (parts.length > 2) {
            throw new DomainException(fullName, "Invalid pod name: at most realm::pod.");
        }
        for (String p : parts) {
            String problem = NameRules.problem(p);
            if (problem != null) {
                throw new DomainException(fullName, "Invalid pod name: " + problem + ".");
            }
        }
        Realm realm = null;
        if (parts.length == 2) {
            realm = a.realms.get(NameRules.key(parts[0]));
            if (realm == null) {
                throw DomainException.notFound("Realm", parts[0]);
            }
        } else if (a.realms.containsKey(NameRules.key(fullName))) {
            throw new DomainException(fullName, "A realm with this name already exists; pod and realm names must differ.");
        }
        if (a.pods.containsKey(NameRules.key(fullName))) {
            throw new DomainException(fullName, "Pod already exists.");
        }
        List<String> prefs = failoverPreferences == null ? List.of() : failoverPreferences;
        for (String pref : prefs) {
            if (!pref.equals(a.name) && link(a.name, pref) == null) {
                throw new DomainException(pref, "Array " + pref + " can be a failover preference only if it is this array or connected to it.");
            }
        }
        Pod pod = new Pod(UUID.randomUUID().toString(), fullName, realm, ++seq, now(), config.mediator().name());
        pod.members.add(new PodMember(a));
        pod.failoverPreferences.addAll(new java.util.LinkedHashSet<>(prefs));
        pod.quotaLimit = quotaLimit;
        a.pods.put(NameRules.key(fullName), pod);
        allPods.add(pod);
        return pod;
    }

    public synchronized Pod updatePod(String arrayName, Pod pod, PodUpdate u, boolean destroyContents) {
        SimArray a = array(arrayName);
        String newName = null;
        if (u.name() != null && !u.name().equals(pod.name)) {
            String[] parts = u.name().split("::", -1);
            String[] old = pod.name.split("::", -1);
            if (parts.length != old.length || parts.length == 2 && !NameRules.key(parts[0]).equals(NameRules.key(old[0]))) {
                throw new DomainException(u.name(), "A rename cannot move a pod into or out of a realm.");
            }
            String problem = NameRules.problem(parts[parts.length - 1]);
            if (problem != null) {
                throw new DomainException(u.name(), "Invalid pod name: " + problem + ".");
            }
            for (PodMember m : pod.members) {
                Pod clash = m.array.pods.get(NameRules.key(u.name()));
                if (clash != null && clash != pod) {
                    throw new DomainException(u.name(), "Pod already exists.");
                }
                if (parts.length == 1 && m.array.realms.containsKey(NameRules.key(u.name()))) {
                    throw new DomainException(u.name(), "A realm with this name already exists; pod and realm names must differ.");
                }
            }
            newName = u.name();
        }
        if (u.failoverPreferences() != null) {
            for (String pref : u.failoverPreferences()) {
                if (!arrays.containsKey(pref)) {
                    throw DomainException.notFound("Array", pref);
                }
                if (!pref.equals(a.name) && !pod.memberNames().contains(pref) && link(a.name, pref) == null) {
                    throw new DomainException(pref, "Array " + pref + " is neither a member of the pod nor connected to this array.");
                }
            }
        }
        if (u.requestedPromotionState() != null) {
            String s = u.requestedPromotionState();
            if (!s.equals("promoted") && !s.equals("demoted")) {
                throw new DomainException(pod.name, "requested_promotion_state must be 'promoted' or 'demoted'.");
            }
            if (s.equals("demoted") && pod.stretched()) {
                throw new DomainException(pod.name, "A stretched pod cannot be demoted.");
            }
        }
        boolean destroy = Boolean.TRUE.equals(u.destroyed()) && !pod.destroyed;
        if (destroy) {
            if (pod.stretched()) {
                throw new DomainException(pod.name, "A stretched pod cannot be destroyed; remove the other array first.");
            }
            if (pod.liveVolumeCount() > 0 && !destroyContents) {
                throw new DomainException(pod.name, "Pod is not empty; set destroy_contents=true to destroy its volumes too.");
            }
            requireServing(a, pod);
            if (config.refuseDestroyConnectedVolume()) {
                for (Volume v : pod.volumes.values()) {
                    if (!v.destroyed && a.connectionCount(v) > 0) {
                        throw new DomainException(v.fullName(), "Volume cannot be destroyed due to existing connections.");
                    }
                }
            }
        }
        // apply
        if (newName != null) {
            for (PodMember m : pod.members) {
                m.array.pods.remove(NameRules.key(pod.name));
                m.array.pods.put(NameRules.key(newName), pod);
            }
            pod.name = newName;
        }
        if (u.failoverPreferences() != null) {
            pod.failoverPreferences.clear();
            pod.failoverPreferences.addAll(new java.util.LinkedHashSet<>(u.failoverPreferences()));
        }
        if (u.mediator() != null) {
            pod.mediator = u.mediator();
        }
        if (u.quotaLimit() != null) {
            pod.quotaLimit = u.quotaLimit().value();
        }
        if (u.requestedPromotionState() != null) {
            pod.promotionStatus = u.requestedPromotionState();
        }
        if (destroy) {
            for (Volume v : pod.volumes.values()) {
                if (!v.destroyed) {
                    destroyVolume(v, ConnectionEvent.CAUSE_API);
                }
            }
            pod.destroyed = true;
            pod.destroyedAt = now();
            expiries.add(new Expiry(pod.destroyedAt + config.eradicationDelay().toMillis(), pod, pod.destroyedAt));
        } else if (Boolean.FALSE.equals(u.destroyed()) && pod.destroyed) {
            pod.destroyed = false;
            pod.destroyedAt = 0;
        }
        return pod;
    }

    public synchronized void eradicatePod(String arrayName, Pod pod, boolean eradicateContents) {
        array(arrayName);
        if (!pod.destroyed) {
            throw new DomainException(pod.name, "Pod must be destroyed before it can be eradicated.");
        }
        if (!pod.volumes.isEmpty() && !eradicateContents) {
            throw new DomainException(pod.name, "Pod still contains volumes; set eradicate_contents=true to eradicate them too.");
        }
        removePod(pod);
    }

    private void removePod(Pod pod) {
        for (Volume v : new ArrayList<>(pod.volumes.values())) {
            removeVolume(v);
        }
        for (PodMember m : pod.members) {
            if (m.array.pods.get(NameRules.key(pod.name)) == pod) {
                m.array.pods.remove(NameRules.key(pod.name));
            }
        }
        allPods.remove(pod);
    }

    /** Stretches a pod from {@code arrayName} to {@code targetName}: needs a replication link that is up. */
    public synchronized Pod stretchPod(String arrayName, Pod pod, String targetName) {
        SimArray a = array(arrayName);
        SimArray t = arrays.get(targetName);
        if (t == null) {
            throw DomainException.notFound("Array", targetName);
        }
        if (pod.hasMember(t)) {
            throw new DomainException(targetName, "Array is already a member of pod " + pod.name + ".");
        }
        if (pod.destroyed) {
            throw new DomainException(pod.name, "Pod has been destroyed.");
        }
        if (pod.members.size() >= 2) {
            throw new DomainException(pod.name, "A pod can be stretched over at most two arrays.");
        }
        Link l = link(a.name, t.name);
        if (l == null) {
            throw new DomainException(targetName, "Array " + targetName + " is not connected to this array for synchronous replication.");
        }
        if (!l.up || !t.up) {
            throw new DomainException(targetName, "The replication link to array " + targetName + " is down.");
        }
        if (t.pods.containsKey(NameRules.key(pod.name))) {
            throw new DomainException(pod.name, "Pod already exists on array " + targetName + ".");
        }
        if (pod.realm != null && !t.realms.containsKey(NameRules.key(pod.realm.name))) {
            throw new DomainException(pod.realm.name, "Realm does not exist on array " + targetName + ".");
        }
        if (pod.realm == null && t.realms.containsKey(NameRules.key(pod.name))) {
            throw new DomainException(pod.name, "A realm with this name exists on array " + targetName + ".");
        }
        requireServing(a, pod);
        pod.members.add(new PodMember(t));
        t.pods.put(NameRules.key(pod.name), pod);
        pod.connected = true;
        reevaluate();
        return pod;
    }

    /**
     * Removes {@code memberName} from a stretched pod. The removed array keeps a destroyed copy of the pod
     * (and its volumes) until it is eradicated.
     */
    public synchronized Pod unstretchPod(String arrayName, Pod pod, String memberName) {
        SimArray a = array(arrayName);
        SimArray r = arrays.get(memberName);
        if (r == null) {
            throw DomainException.notFound("Array", memberName);
        }
        if (!pod.hasMember(r)) {
            throw new DomainException(memberName, "Array is not a member of pod " + pod.name + ".");
        }
        if (!pod.stretched()) {
            throw new DomainException(pod.name, "Pod is not stretched; an unstretched pod keeps its only array.");
        }
        requireServing(a, pod);
        for (Volume v : pod.volumes.values()) {
            if (r.connectionCount(v) > 0) {
                throw new DomainException(v.fullName(), "Volume is connected to hosts on array " + memberName + "; disconnect it there first.");
            }
        }
        pod.members.remove(pod.member(r));
        r.pods.remove(NameRules.key(pod.name));
        for (PodMember m : pod.members) {
            m.offlineSince = null;
            m.resyncStart = null;
        }
        pod.preElected = null;
        pod.connected = true;
        // the copy left behind on the removed array, destroyed
        long now = now();
        Pod copy = new Pod(UUID.randomUUID().toString(), pod.name, pod.realm == null ? null : r.realms.get(NameRules.key(pod.realm.name)),
                ++seq, now, pod.mediator);
        copy.members.add(new PodMember(r));
        copy.destroyed = true;
        copy.destroyedAt = now;
        for (Volume v : pod.volumes.values()) {
            Volume c = new Volume(UUID.randomUUID().toString(), v.name, v.serial, r, copy, ++seq, v.created, v.provisioned);
            c.written = v.written;
            c.destroyed = true;
            c.destroyedAt = now;
            copy.volumes.put(NameRules.key(c.name), c);
            volumesById.put(c.id, c);
        }
        r.pods.put(NameRules.key(copy.name), copy);
        allPods.add(copy);
        expiries.add(new Expiry(now + config.eradicationDelay().toMillis(), copy, now));
        return pod;
    }

    // ------------------------------------------------------------------ ActiveCluster

    private Link link(String a, String b) {
        return links.get(linkKey(a, b));
    }

    private static String linkKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** Whether the members of a stretched pod can talk: both up and their link up. */
    private boolean connected(Pod pod) {
        if (pod.members.size() < 2) {
            return true;
        }
        SimArray x = pod.members.get(0).array;
        SimArray y = pod.members.get(1).array;
        Link l = link(x.name, y.name);
        return x.up && y.up && l != null && l.up;
    }

    /** The true status of a member, advancing resync to online when its time has come. */
    private String status(Pod pod, PodMember m, long now) {
        if (m.resyncStart != null) {
            long d = config.resyncDuration().toMillis();
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
        long d = config.resyncDuration().toMillis();
        return d <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (now - m.resyncStart) / (double) d));
    }

    /**
     * Re-derives every stretched pod's state after a change of links, arrays or Mediator reachability: a lost
     * connection starts the Mediator race, a regained one starts the resync, and pre-election follows the
     * Mediator.
     */
    private void reevaluate() {
        long now = now();
        for (Pod pod : allPods) {
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
    private void requireServing(SimArray a, Pod pod) {
        PodMember m = pod.member(a);
        if (m == null) {
            return;
        }
        String s = status(pod, m, now());
        if (!PodStatus.ONLINE.equals(s)) {
            throw new DomainException(pod.name, "Cannot modify pod " + pod.name + ": the pod is " + s + " on this array.");
        }
    }

    /** The pod's {@code arrays[]} as {@code viewer} reports them. */
    public synchronized List<PodStatus> podStatuses(Pod pod, String viewerName) {
        SimArray viewer = array(viewerName);
        long now = now();
        boolean conn = connected(pod);
        PodMember self = pod.member(viewer);
        String selfStatus = self == null ? PodStatus.ONLINE : status(pod, self, now);
        List<PodStatus> out = new ArrayList<>(pod.members.size());
        for (PodMember m : pod.members) {
            boolean isSelf = m.array == viewer;
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

    // ------------------------------------------------------------------ admin: faults of the world

    public synchronized void cutLink(String a, String b, Boolean mediatorReachable) {
        Link l = requireLink(a, b);
        if (mediatorReachable != null) {
            l.a.mediatorReachable = mediatorReachable;
            l.b.mediatorReachable = mediatorReachable;
        }
        if (l.up) {
            l.up = false;
            l.changedAt = now();
        }
        reevaluate();
    }

    public synchronized void restoreLink(String a, String b) {
        Link l = requireLink(a, b);
        if (!l.up) {
            l.up = true;
            l.changedAt = now();
        }
        reevaluate();
    }

    private Link requireLink(String a, String b) {
        array(a);
        array(b);
        Link l = link(a, b);
        if (l == null) {
            throw new IllegalArgumentException("link: no replication link between " + a + " and " + b);
        }
        return l;
    }

    public synchronized void setArrayUp(String name, boolean up) {
        array(name).up = up;
        reevaluate();
    }

    /** Sets Mediator reachability for the named arrays (all when null or empty). */
    public synchronized void setMediatorReachable(Collection<String> names, boolean reachable) {
        Collection<String> targets = names == null || names.isEmpty() ? arrays.keySet() : names;
        for (String n : targets) {
            array(n);
        }
        for (String n : targets) {
            arrays.get(n).mediatorReachable = reachable;
        }
        reevaluate();
    }

    public synchronized FleetState state(java.util.function.ToIntFunction<String> portOf) {
        long now = now();
        List<FleetState.ArrayState> as = new ArrayList<>();
        Map<String, Boolean> reach = new TreeMap<>();
        for (SimArray a : arrays.values()) {
            as.add(new FleetState.ArrayState(a.name, a.id, a.up, portOf.applyAsInt(a.name)));
            reach.put(a.name, a.mediatorReachable);
        }
        List<FleetState.LinkState> ls = new ArrayList<>();
        for (Link l : links.values()) {
            ls.add(new FleetState.LinkState(List.of(l.a.name, l.b.name), l.up ? "up" : "cut", l.changedAt));
        }
        List<FleetState.PodState> ps = new ArrayList<>();
        for (Pod p : allPods) {
            List<PodStatus> st = new ArrayList<>();
            for (PodMember m : p.members) {
                st.add(truth(p, m, now, true));
            }
            ps.add(new FleetState.PodState(p.name, p.id, p.memberNames(), List.copyOf(p.failoverPreferences), p.preElected, p.destroyed, st));
        }
        return new FleetState(as, ls, new FleetState.MediatorState(config.mediator().name(), reach), ps);
    }

    // ------------------------------------------------------------------ snapshots for assertions

    public synchronized List<Snapshots.VolumeInfo> volumeInfos(String arrayName) {
        SimArray a = array(arrayName);
        List<Snapshots.VolumeInfo> out = new ArrayList<>();
        for (Volume v : volumes(arrayName)) {
            out.add(new Snapshots.VolumeInfo(v.id, v.fullName(), v.serial, v.provisioned, v.destroyed,
                    v.pod == null ? null : v.pod.name, v.written, a.connectionCount(v), v.bandwidthLimit, v.iopsLimit));
        }
        return out;
    }

    public synchronized List<Snapshots.ConnectionInfo> connectionInfos(String arrayName) {
        List<Snapshots.ConnectionInfo> out = new ArrayList<>();
        for (Connection c : array(arrayName).connections.values()) {
            if (c.group == null) {
                out.add(new Snapshots.ConnectionInfo(c.host.name, null, c.volume.fullName(), c.volume.id, c.lun));
            } else {
                for (Host h : c.group.hosts) {
                    out.add(new Snapshots.ConnectionInfo(h.name, c.group.name, c.volume.fullName(), c.volume.id, c.lun));
                }
            }
        }
        return out;
    }

    public synchronized List<Snapshots.HostInfo> hostInfos(String arrayName) {
        List<Snapshots.HostInfo> out = new ArrayList<>();
        for (Host h : array(arrayName).hosts.values()) {
            out.add(new Snapshots.HostInfo(h.name, List.copyOf(h.iqns), List.copyOf(h.wwns), List.copyOf(h.nqns),
                    h.group == null ? null : h.group.name, h.connectionCount()));
        }
        return out;
    }

    public synchronized List<Snapshots.HostGroupInfo> hostGroupInfos(String arrayName) {
        List<Snapshots.HostGroupInfo> out = new ArrayList<>();
        for (HostGroup g : array(arrayName).hostGroups.values()) {
            out.add(new Snapshots.HostGroupInfo(g.name, g.hosts.stream().map(h -> h.name).toList(), g.connections.size()));
        }
        return out;
    }

    public synchronized List<Snapshots.PodInfo> podInfos(String arrayName) {
        List<Snapshots.PodInfo> out = new ArrayList<>();
        for (Pod p : array(arrayName).pods.values()) {
            out.add(new Snapshots.PodInfo(p.name, p.id, p.memberNames(), p.destroyed, List.copyOf(p.failoverPreferences),
                    podStatuses(p, arrayName)));
        }
        return out;
    }

    /** The pod as {@code arrayName} sees it, or null. */
    public synchronized Snapshots.PodInfo podInfo(String arrayName, String podName) {
        return podInfos(arrayName).stream().filter(p -> p.name().equalsIgnoreCase(podName)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ space

    /** Sum of written bytes of the volumes stored on an array (live and destroyed). */
    public synchronized long usedBytes(String arrayName) {
        long sum = 0;
        for (Volume v : volumes(arrayName)) {
            sum += v.written;
        }
        return sum;
    }

    public synchronized long provisionedBytes(String arrayName) {
        long sum = 0;
        for (Volume v : volumes(arrayName)) {
            if (!v.destroyed) {
                sum += v.provisioned;
            }
        }
        return sum;
    }

    private static String stableId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
