package dev.mooring.agent.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What attach-svc wrote into the VolumeAttachment's {@code status.attachmentMetadata} and the kubelet hands over as
 * {@code publish_context}: the device identity and, per array, the protocol, LUN and targets.
 */
public record PublishContext(String serial, String wwid, String devicePath, List<ArrayPath> arrays) {

    /** The path through one array. */
    public record ArrayPath(String array, Protocol protocol, int lun, String targetIqn, List<String> portals,
                            List<String> targetWwns) {
        public ArrayPath {
            portals = List.copyOf(portals);
            targetWwns = List.copyOf(targetWwns);
        }

        /** The iSCSI sessions this path needs: its target at each portal. */
        public List<IscsiTarget> iscsiTargets() {
            return protocol == Protocol.iscsi ? portals.stream().map(p -> new IscsiTarget(targetIqn, p)).toList()
                    : List.of();
        }
    }

    public PublishContext {
        arrays = List.copyOf(arrays);
    }

    /** Every iSCSI session the volume needs, over all arrays (both arrays of an ActiveCluster pod). */
    public Set<IscsiTarget> iscsiTargets() {
        Set<IscsiTarget> all = new LinkedHashSet<>();
        arrays.forEach(a -> all.addAll(a.iscsiTargets()));
        return all;
    }

    /** The number of SCSI paths multipath should show: one per portal (iSCSI) or per target port (FC). */
    public int expectedPaths() {
        return arrays.stream().mapToInt(a -> a.protocol() == Protocol.iscsi ? a.portals().size()
                : a.targetWwns().size()).sum();
    }

    public boolean usesFibreChannel() {
        return arrays.stream().anyMatch(a -> a.protocol() == Protocol.fc);
    }

    /** Parses and checks the map; every problem names its key under {@code publish_context}. */
    public static PublishContext parse(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            throw CsiError.invalid("publish_context", "is required: attach-svc writes it into the VolumeAttachment"
                    + " (serial, wwid, arrays, per array protocol, lun and targets)");
        }
        String serial = required(context, "serial").toLowerCase(Locale.ROOT);
        if (!serial.matches("[0-9a-f]{24}")) {
            throw CsiError.invalid(key("serial"), "must be a FlashArray volume serial (24 hex digits), got '"
                    + context.get("serial") + "'");
        }
        String expectedWwid = Wwids.ofSerial(serial);
        String wwid = context.getOrDefault("wwid", expectedWwid).toLowerCase(Locale.ROOT);
        if (!wwid.equals(expectedWwid)) {
            throw CsiError.invalid(key("wwid"), "is " + wwid + " but the serial gives " + expectedWwid);
        }
        List<String> names = list(required(context, "arrays"));
        if (names.isEmpty()) {
            throw CsiError.invalid(key("arrays"), "names no array");
        }
        List<ArrayPath> arrays = new ArrayList<>();
        for (String array : names) {
            arrays.add(arrayPath(context, array));
        }
        return new PublishContext(serial, wwid, context.get("devicePath"), arrays);
    }

    private static ArrayPath arrayPath(Map<String, String> context, String array) {
        String protocolText = required(context, array + ".protocol");
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(protocolText.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CsiError.invalid(key(array + ".protocol"), "must be iscsi or fc, got '" + protocolText + "'");
        }
        String lunText = required(context, array + ".lun");
        int lun;
        try {
            lun = Integer.parseInt(lunText.trim());
        } catch (NumberFormatException e) {
            lun = -1;
        }
        if (lun < 0 || lun > 16383) {
            throw CsiError.invalid(key(array + ".lun"), "must be a LUN number between 0 and 16383, got '"
                    + lunText + "'");
        }
        List<String> portals = list(context.get(array + ".portals"));
        List<String> wwns = list(context.get(array + ".targetWwns"));
        String iqn = context.get(array + ".targetIqn");
        if (protocol == Protocol.iscsi) {
            if (iqn == null || iqn.isBlank()) {
                throw CsiError.invalid(key(array + ".targetIqn"), "is required for an iSCSI path");
            }
            if (portals.isEmpty()) {
                throw CsiError.invalid(key(array + ".portals"), "is required for an iSCSI path (address:port, …)");
            }
            for (String portal : portals) {
                if (!portal.matches("\\[?[0-9A-Za-z.:\\-]+]?:\\d{1,5}")) {
                    throw CsiError.invalid(key(array + ".portals"), "has '" + portal + "', not an address:port");
                }
            }
        } else if (wwns.isEmpty()) {
            throw CsiError.invalid(key(array + ".targetWwns"), "is required for a Fibre Channel path");
        }
        return new ArrayPath(array, protocol, lun, iqn == null ? null : iqn.trim(), portals, wwns);
    }

    private static String required(Map<String, String> context, String name) {
        String v = context.get(name);
        if (v == null || v.isBlank()) {
            throw CsiError.invalid(key(name), "is required");
        }
        return v.trim();
    }

    private static String key(String name) {
        return "publish_context[" + name + "]";
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
