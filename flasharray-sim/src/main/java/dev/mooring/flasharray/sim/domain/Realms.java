package dev.mooring.flasharray.sim.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Realms: configured per array, never created over REST, and the namespace of {@code realm::name} objects.
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class Realms {
    private final Inventory inventory;

    Realms(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Adds a configured realm; its id derives from the array id and name so it is stable across restarts. */
    void addConfigured(SimArray a, String name, long now) {
        String id = UUID.nameUUIDFromBytes(("realm:" + a.id + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
        a.realms.put(NameRules.key(name), new Realm(id, name, now, inventory.nextSeq()));
    }

    List<Realm> realms(String arrayName) {
        return new ArrayList<>(inventory.array(arrayName).realms.values());
    }

    Realm realm(String arrayName, String name) {
        return inventory.array(arrayName).realms.get(NameRules.key(name));
    }

    /** Pods of a realm on an array. */
    List<Pod> podsOfRealm(String arrayName, Realm r) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : inventory.array(arrayName).pods.values()) {
            if (p.realm == r) {
                out.add(p);
            }
        }
        return out;
    }

    /** Checks a host or host group name: {@code name} or {@code realm::name} with an existing realm. */
    static void checkQualifiedName(SimArray a, String name, String kind) {
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
}
