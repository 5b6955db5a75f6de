package dev.mooring.health.domain;

/** What the provisioner made of a node ({@code NodeStorageRoleAssigned}); only storage nodes are taken over. */
public enum NodeRole {
    storage, storageless;

    /** The role named in an event, or null for a value this service does not know. */
    public static NodeRole parse(String value) {
        if (value == null) {
            return null;
        }
        for (NodeRole role : values()) {
            if (role.name().equalsIgnoreCase(value.strip())) {
                return role;
            }
        }
        return null;
    }
}
