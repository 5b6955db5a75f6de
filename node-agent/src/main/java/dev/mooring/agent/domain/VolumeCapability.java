package dev.mooring.agent.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the kubelet wants to use a volume: as a raw block device or a mounted filesystem (with its type and mount
 * options), and the access mode.
 */
public record VolumeCapability(AccessType accessType, String fsType, List<String> mountFlags, AccessMode accessMode) {

    /** Block device or filesystem. */
    public enum AccessType { BLOCK, MOUNT }

    /** The filesystems the agent makes and mounts. */
    public static final Set<String> SUPPORTED_FS = Set.of("ext4", "xfs");

    public VolumeCapability {
        mountFlags = mountFlags == null ? List.of() : List.copyOf(mountFlags);
        fsType = fsType == null ? "" : fsType;
    }

    public boolean block() {
        return accessType == AccessType.BLOCK;
    }

    /**
     * Checks a capability of a request: {@code field} names it in errors; {@code defaultFsType} fills an empty
     * fsType. Missing parts are INVALID_ARGUMENT; a filesystem shared by writers on several nodes exceeds what a
     * FlashArray volume with ext4/xfs can do, so it is FAILED_PRECONDITION (the spec's "exceeds capabilities").
     */
    public static VolumeCapability validated(AccessType accessType, String fsType, List<String> mountFlags,
                                             AccessMode mode, String field, String defaultFsType) {
        if (accessType == null) {
            throw CsiError.invalid(field + ".access_type", "is required: block or mount");
        }
        if (mode == null) {
            throw CsiError.invalid(field + ".access_mode", "is required (for example SINGLE_NODE_WRITER)");
        }
        if (accessType == AccessType.BLOCK) {
            return new VolumeCapability(accessType, "", List.of(), mode);
        }
        String fs = fsType == null || fsType.isBlank() ? defaultFsType : fsType.trim().toLowerCase(Locale.ROOT);
        if (!SUPPORTED_FS.contains(fs)) {
            throw CsiError.invalid(field + ".mount.fs_type", "'" + fsType + "' is not supported; use ext4 or xfs");
        }
        if (mode.multiNodeWriter()) {
            throw CsiError.failedPrecondition(field + ".access_mode " + mode + " needs a raw block volume: " + fs
                    + " cannot be written from several nodes at once");
        }
        for (String flag : mountFlags) {
            if (flag == null || flag.isBlank() || flag.matches(".*\\s.*")) {
                throw CsiError.invalid(field + ".mount.mount_flags", "holds a blank or spaced option");
            }
        }
        return new VolumeCapability(accessType, fs, mountFlags, mode);
    }

    /** Whether a repeated call with {@code other} asks for the same thing (idempotency). */
    public boolean sameAs(VolumeCapability other) {
        return accessType == other.accessType && fsType.equals(other.fsType)
                && mountFlags.equals(other.mountFlags) && accessMode == other.accessMode;
    }

    /** Whether this staged volume can serve a publish asking for {@code wanted} (same access type and fs). */
    public boolean canServe(VolumeCapability wanted) {
        return accessType == wanted.accessType && (block() || fsType.equals(wanted.fsType));
    }

    @Override
    public String toString() {
        // Mount flags may carry secrets (the spec says so): never print them.
        return accessType + (block() ? "" : "(" + fsType + ", " + mountFlags.size() + " mount flags)") + " "
                + accessMode;
    }
}
