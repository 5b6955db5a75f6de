package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.SimulatorConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet holds and how to find it: the arrays, every volume by id, every pod, the fleet-wide creation
 * sequence and the clock. Callers hold the {@link SimulatedFleet} lock.
 */
final class Inventory {
    final SimulatorConfig config;
    final Clock clock;
    final Map<String, SimArray> arrays = new LinkedHashMap<>();
    final Map<String, Volume> volumesById = new HashMap<>();
    final List<Pod> allPods = new ArrayList<>();
    private long seq;

    Inventory(SimulatorConfig config) {
        this.config = config;
        this.clock = config.clock();
    }

    long now() {
        return clock.millis();
    }

    /** The next creation order; one counter for every kind of object, so lists sort by creation across kinds. */
    long nextSeq() {
        return ++seq;
    }

    /** The array, or IllegalArgumentException naming it. */
    SimArray array(String name) {
        SimArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown array '" + name + "'");
        }
        return a;
    }

    /** Volumes visible on an array (its own and those of its pods), in creation order. */
    List<Volume> volumes(String arrayName) {
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

    /** The volume {@code vol}, {@code pod::vol} or {@code realm::pod::vol} as the array sees it, or null. */
    Volume volume(String arrayName, String fullName) {
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

    Volume volumeById(String arrayName, String id) {
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

    /** The arrays a volume is visible on: its own, or every member of its pod. */
    static List<SimArray> arraysSeeing(Volume v) {
        if (v.pod == null) {
            return List.of(v.array);
        }
        List<SimArray> out = new ArrayList<>(2);
        for (PodMember m : v.pod.members) {
            out.add(m.array);
        }
        return out;
    }
}
