package dev.mooring.flasharray.sim.config;

import java.util.List;

/**
 * A pod that exists at start: its name, the arrays it spans (two = stretched), its failover preferences
 * and the realm it lives in (null for none; the pod's full name is then {@code realm::name}).
 */
public record PodConfig(String name, List<String> arrays, List<String> failoverPreferences, String realm) {
    public PodConfig {
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
        failoverPreferences = failoverPreferences == null ? List.of() : List.copyOf(failoverPreferences);
    }

    /** The name the REST API shows: {@code realm::pod} inside a realm, else the plain name. */
    public String qualifiedName() {
        return realm == null ? name : realm + "::" + name;
    }
}
