package dev.mooring.agent.csi;

import dev.mooring.agent.csi.v1.VolumeCapability.AccessMode.Mode;
import dev.mooring.agent.domain.AccessMode;
import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.VolumeCapability;

/** From the CSI messages to the domain: required fields checked, each error naming the field. */
public final class ProtoMapping {

    private ProtoMapping() {
    }

    public static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw CsiError.invalid(field, "is required");
        }
        return value;
    }

    /** A request's volume capability, validated; {@code hasCapability} tells a missing message from a default one. */
    public static VolumeCapability capability(boolean hasCapability, dev.mooring.agent.csi.v1.VolumeCapability c,
                                              String field, String defaultFsType) {
        if (!hasCapability) {
            throw CsiError.invalid(field, "is required");
        }
        VolumeCapability.AccessType type = switch (c.getAccessTypeCase()) {
            case BLOCK -> VolumeCapability.AccessType.BLOCK;
            case MOUNT -> VolumeCapability.AccessType.MOUNT;
            case ACCESSTYPE_NOT_SET -> null;
        };
        AccessMode mode = c.hasAccessMode() ? accessMode(c.getAccessMode().getMode(), field) : null;
        return VolumeCapability.validated(type, c.getMount().getFsType(), c.getMount().getMountFlagsList(), mode,
                field, defaultFsType);
    }

    private static AccessMode accessMode(Mode mode, String field) {
        return switch (mode) {
            case SINGLE_NODE_WRITER -> AccessMode.SINGLE_NODE_WRITER;
            case SINGLE_NODE_READER_ONLY -> AccessMode.SINGLE_NODE_READER_ONLY;
            case MULTI_NODE_READER_ONLY -> AccessMode.MULTI_NODE_READER_ONLY;
            case MULTI_NODE_SINGLE_WRITER -> AccessMode.MULTI_NODE_SINGLE_WRITER;
            case MULTI_NODE_MULTI_WRITER -> AccessMode.MULTI_NODE_MULTI_WRITER;
            case SINGLE_NODE_SINGLE_WRITER -> AccessMode.SINGLE_NODE_SINGLE_WRITER;
            case SINGLE_NODE_MULTI_WRITER -> AccessMode.SINGLE_NODE_MULTI_WRITER;
            case UNKNOWN, UNRECOGNIZED -> throw CsiError.invalid(field + ".access_mode.mode",
                    "must name an access mode (for example SINGLE_NODE_WRITER)");
        };
    }
}
