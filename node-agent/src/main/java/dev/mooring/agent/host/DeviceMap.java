package dev.mooring.agent.host;

import java.util.List;

/**
 * A multipath map of one FlashArray volume as the host shows it: its WWID, the block device to use, its size, and
 * its SCSI paths with their states.
 */
public record DeviceMap(String wwid, String devicePath, long sizeBytes, List<Path> paths, boolean ioFailed) {

    /** One SCSI path: the device ({@code sdc}), its H:C:T:L, and whether multipath sees it working. */
    public record Path(String device, String hctl, String state) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    public DeviceMap {
        paths = List.copyOf(paths);
    }

    public int activePaths() {
        return (int) paths.stream().filter(Path::active).count();
    }
}
