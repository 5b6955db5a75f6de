package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.PodConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Pods: create, change (rename, failover preferences, Mediator, quota, promotion, destroy, recover), eradicate,
 * and stretch over / unstretch from a second array. Who serves a stretched pod is {@link ActiveCluster}'s business.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class PodRules {
    private final Inventory inventory;
    private final Links links;
    private final ActiveCluster activeCluster;
    private final VolumeRules volumes;
    private final Eradication eradication;

    PodRules(Inventory inventory, Links links, ActiveCluster activeCluster, VolumeRules volumes, Eradication eradication) {
        this.inventory = inventory;
        this.links = links;
        this.activeCluster = activeCluster;
        this.volumes = volumes;
        this.eradication = eradication;
    }

    /** Adds a pod from the configuration; its id derives from its arrays and name so it is stable across restarts. */
    void addConfigured(PodConfig pc, long now) {
        SimArray first = inventory.arrays.get(pc.arrays().get(0));
        Realm realm = pc.realm() == null ? null : first.realms.get(NameRules.key(pc.realm()));
        Pod pod = new Pod(stableId("pod:" + pc.arrays() + ":" + pc.qualifiedName()), pc.qualifiedName(), realm, inventory.nextSeq(), now,
                inventory.config.mediator().name());
        for (String an : pc.arrays()) {
            SimArray a = inventory.arrays.get(an);
            pod.members.add(new PodMember(a));
            a.pods.put(NameRules.key(pod.name), pod);
        }
        pod.failoverPreferences.addAll(pc.failoverPreferences());
        inventory.allPods.add(pod);
    }

    private static String stableId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    List<Pod> pods(String arrayName) {
        return new ArrayList<>(inventory.array(arrayName).pods.values());
    }

    Pod pod(String arrayName, String name) {
        return inventory.array(arrayName).pods.get(NameRules.key(name));
    }

    Pod podById(String arrayName, String id) {
        for (Pod p : inventory.array(arrayName).pods.values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    Pod createPod(String arrayName, String fullName, List<String> failoverPreferences, Long quotaLimit) {
        SimArray a = inventory.array(arrayName);
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
            if (!pref.equals(a.name) && links.link(a.name, pref) == null) {
                throw new DomainException(pref, "Array " + pref + " can be a failover preference only if it is this array or connected to it.");
            }
        }
        Pod pod = new Pod(UUID.randomUUID().toString(), fullName, realm, inventory.nextSeq(), inventory.now(), inventory.config.mediator().name());
        pod.members.add(new PodMember(a));
        pod.failoverPreferences.addAll(new LinkedHashSet<>(prefs));
        pod.quotaLimit = quotaLimit;
        a.pods.put(NameRules.key(fullName), pod);
        inventory.allPods.add(pod);
        return pod;
    }

    Pod updatePod(String arrayName, Pod pod, PodUpdate u, boolean destroyContents) {
        SimArray a = inventory.array(arrayName);
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
                if (!inventory.arrays.containsKey(pref)) {
                    throw DomainException.notFound("Array", pref);
                }
                if (!pref.equals(a.name) && !pod.memberNames().contains(pref) && links.link(a.name, pref) == null) {
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
            activeCluster.requireServing(a, pod);
            if (inventory.config.refuseDestroyConnectedVolume()) {
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
            pod.failoverPreferences.addAll(new LinkedHashSet<>(u.failoverPreferences()));
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
                    volumes.destroyVolume(v, ConnectionEvent.CAUSE_API);
                }
            }
            pod.destroyed = true;
            pod.destroyedAt = inventory.now();
            eradication.schedule(pod, pod.destroyedAt);
        } else if (Boolean.FALSE.equals(u.destroyed()) && pod.destroyed) {
            pod.destroyed = false;
            pod.destroyedAt = 0;
        }
        return pod;
    }

    void eradicatePod(String arrayName, Pod pod, boolean eradicateContents) {
        inventory.array(arrayName);
        if (!pod.destroyed) {
            throw new DomainException(pod.name, "Pod must be destroyed before it can be eradicated.");
        }
        if (!pod.volumes.isEmpty() && !eradicateContents) {
            throw new DomainException(pod.name, "Pod still contains volumes; set eradicate_contents=true to eradicate them too.");
        }
        removePod(pod);
    }

    /** Removes a pod and its volumes for good (explicit eradication or the delay). */
    void removePod(Pod pod) {
        for (Volume v : new ArrayList<>(pod.volumes.values())) {
            volumes.removeVolume(v);
        }
        for (PodMember m : pod.members) {
            // a recreated pod may hold the name by now
            if (m.array.pods.get(NameRules.key(pod.name)) == pod) {
                m.array.pods.remove(NameRules.key(pod.name));
            }
        }
        inventory.allPods.remove(pod);
    }

    /** Stretches a pod from {@code arrayName} to {@code targetName}: needs a replication link that is up. */
    Pod stretchPod(String arrayName, Pod pod, String targetName) {
        SimArray a = inventory.array(arrayName);
        SimArray t = inventory.arrays.get(targetName);
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
        Links.Link l = links.link(a.name, t.name);
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
        activeCluster.requireServing(a, pod);
        pod.members.add(new PodMember(t));
        t.pods.put(NameRules.key(pod.name), pod);
        pod.connected = true;
        activeCluster.reevaluate();
        return pod;
    }

    /**
     * Removes {@code memberName} from a stretched pod. The removed array keeps a destroyed copy of the pod
     * (and its volumes) until it is eradicated.
     */
    Pod unstretchPod(String arrayName, Pod pod, String memberName) {
        SimArray a = inventory.array(arrayName);
        SimArray r = inventory.arrays.get(memberName);
        if (r == null) {
            throw DomainException.notFound("Array", memberName);
        }
        if (!pod.hasMember(r)) {
            throw new DomainException(memberName, "Array is not a member of pod " + pod.name + ".");
        }
        if (!pod.stretched()) {
            throw new DomainException(pod.name, "Pod is not stretched; an unstretched pod keeps its only array.");
        }
        activeCluster.requireServing(a, pod);
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
        long now = inventory.now();
        Pod copy = new Pod(UUID.randomUUID().toString(), pod.name, pod.realm == null ? null : r.realms.get(NameRules.key(pod.realm.name)),
                inventory.nextSeq(), now, pod.mediator);
        copy.members.add(new PodMember(r));
        copy.destroyed = true;
        copy.destroyedAt = now;
        for (Volume v : pod.volumes.values()) {
            Volume c = new Volume(UUID.randomUUID().toString(), v.name, v.serial, r, copy, inventory.nextSeq(), v.created, v.provisioned);
            c.written = v.written;
            c.destroyed = true;
            c.destroyedAt = now;
            copy.volumes.put(NameRules.key(c.name), c);
            inventory.volumesById.put(c.id, c);
        }
        r.pods.put(NameRules.key(copy.name), copy);
        inventory.allPods.add(copy);
        eradication.schedule(copy, now);
        return pod;
    }
}
