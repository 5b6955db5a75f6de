package dev.mooring.attach.array;

/** What deleting a host did: deleted it, found it gone already, or left it because it is in use. */
public enum HostDeletion {
    deleted,
    gone,
    /** It has a connection (or is in a host group): never deleted. */
    inUse
}
