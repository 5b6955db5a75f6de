package dev.mooring.attach.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node reaches an attached volume — one path per array, and the device identity — and the flat
 * string map a VolumeAttachment's {@code status.attachmentMetadata} carries for the node side.
 */
public final class AttachmentPaths {

    private AttachmentPaths() {
    }

    /** The path through one array. */
    public record Path(String array, String host, Protocol protocol, int lun, String targetIqn, List<String> portals,
                       List<String> targetWwns) {
        public Path {
            portals = portals == null ? List.of() : List.copyOf(portals);
            targetWwns = targetWwns == null ? List.of() : List.copyOf(targetWwns);
        }
    }

    /** The volume as Linux shows it (multipath WWID {@code 3624a9370<serial>}, device paths). */
    public record Device(String serial, String wwid, String mapperPath, List<String> byIdPaths) {
        public Device {
            byIdPaths = byIdPaths == null ? List.of() : List.copyOf(byIdPaths);
        }
    }

    /**
     * The metadata map: {@code serial}, {@code wwid}, {@code devicePath} (the multipath device),
     * {@code byIdPaths}, {@code arrays}, and per array {@code <array>.host}, {@code .protocol}, {@code .lun},
     * {@code .targetIqn}, {@code .portals} or {@code .targetWwns} (lists comma-separated). Keys of absent
     * values are left out; the order is stable.
     */
    public static Map<String, String> metadata(List<Path> paths, Device device) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("serial", device.serial());
        m.put("wwid", device.wwid());
        m.put("devicePath", device.mapperPath());
        if (!device.byIdPaths().isEmpty()) {
            m.put("byIdPaths", String.join(",", device.byIdPaths()));
        }
        m.put("arrays", String.join(",", paths.stream().map(Path::array).toList()));
        for (Path p : paths) {
            String prefix = p.array() + ".";
            m.put(prefix + "host", p.host());
            m.put(prefix + "protocol", p.protocol().name());
            m.put(prefix + "lun", Integer.toString(p.lun()));
            if (p.targetIqn() != null) {
                m.put(prefix + "targetIqn", p.targetIqn());
            }
            if (!p.portals().isEmpty()) {
                m.put(prefix + "portals", String.join(",", p.portals()));
            }
            if (!p.targetWwns().isEmpty()) {
                m.put(prefix + "targetWwns", String.join(",", p.targetWwns()));
            }
        }
        return m;
    }
}
