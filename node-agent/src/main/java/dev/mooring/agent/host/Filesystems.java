package dev.mooring.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Filesystem work on a block device, the same on a real and a simulated host: probe, make, mount, bind, unmount,
 * grow, measure. Every command is {@code blkid}, {@code wipefs}, {@code mkfs.*}, {@code mount}, {@code umount},
 * {@code resize2fs}, {@code xfs_growfs}, {@code blockdev} or {@code stat}, run without a shell.
 */
public final class Filesystems {

    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration SLOW = Duration.ofMinutes(10);

    private final CommandRunner runner;
    private final Path mountinfo;

    public Filesystems(CommandRunner runner, Path mountinfo) {
        this.runner = runner;
        this.mountinfo = mountinfo;
    }

    /**
     * What is on the device. Two independent probes must both find nothing for a device to count as empty:
     * {@code blkid -p} (low-level superblock and partition-table probing, exit 2 = nothing) and
     * {@code wipefs --no-act} (every signature libblkid knows, at any offset it checks).
     */
    public BlkidProbe probe(String device) {
        CommandRunner.Result blkid = runner.run(List.of("blkid", "-p", "-o", "export", device), QUICK);
        BlkidProbe probe;
        if (blkid.exitCode() == 2) {
            probe = BlkidProbe.EMPTY;
        } else if (blkid.ok()) {
            probe = BlkidProbe.parse(blkid.stdout());
        } else {
            throw new HostException("blkid -p " + device + " exited " + blkid.exitCode() + ": "
                    + blkid.stderr().strip());
        }
        if (!probe.empty()) {
            return probe;
        }
        String signatures = runner.runOk(List.of("wipefs", "--no-act", "--noheadings", "--output", "TYPE",
                device), QUICK).strip();
        return signatures.isEmpty() ? BlkidProbe.EMPTY
                : new BlkidProbe(signatures.lines().findFirst().orElse("unknown"), null, java.util.Map.of());
    }

    /** The mkfs command for a filesystem; xfs without {@code -f}, so it refuses a device that holds anything. */
    static List<String> mkfsCommand(String fsType, String device) {
        return switch (fsType) {
            case "ext4" -> List.of("mkfs.ext4", "-q", "-m", "0", "-E", "nodiscard,lazy_itable_init=1", device);
            case "xfs" -> List.of("mkfs.xfs", "-q", "-K", device);
            default -> throw new HostException("no mkfs for " + fsType);
        };
    }

    /** Makes the filesystem; call only after {@link #probe} found the device empty (Host#format guards it). */
    void make(String device, String fsType) {
        runner.runOk(mkfsCommand(fsType, device), SLOW);
    }

    /** Mounts a device's filesystem at {@code target} with the given options (plus {@code ro} when read-only). */
    public void mount(String device, String target, String fsType, List<String> options, boolean readOnly) {
        List<String> opts = new ArrayList<>(options);
        if (readOnly && !opts.contains("ro")) {
            opts.add("ro");
        }
        if ("xfs".equals(fsType) && !opts.contains("nouuid")) {
            // Two snapshots or clones of one volume carry the same XFS UUID; without nouuid the second never mounts.
            opts.add("nouuid");
        }
        List<String> argv = new ArrayList<>(List.of("mount", "-t", fsType));
        if (!opts.isEmpty()) {
            argv.add("-o");
            argv.add(String.join(",", opts));
        }
        argv.add(device);
        argv.add(target);
        runner.runOk(argv, SLOW);
    }

    /** Bind-mounts {@code source} (a directory or a device node) at {@code target}; read-only by a remount. */
    public void bind(String source, String target, List<String> options, boolean readOnly) {
        runner.runOk(List.of("mount", "--bind", source, target), QUICK);
        if (readOnly || !options.isEmpty()) {
            List<String> opts = new ArrayList<>(List.of("remount", "bind"));
            if (readOnly) {
                opts.add("ro");
            }
            opts.addAll(options);
            runner.runOk(List.of("mount", "-o", String.join(",", opts), target), QUICK);
        }
    }

    public void unmount(String target) {
        runner.runOk(List.of("umount", target), SLOW);
    }

    public MountTable mounts() {
        try {
            return MountTable.parse(Files.readString(mountinfo));
        } catch (IOException e) {
            throw new HostException("cannot read " + mountinfo, e);
        }
    }

    /** The major:minor of a block device, as mountinfo shows it. */
    public String majorMinor(String device) {
        return runner.runOk(List.of("stat", "-L", "-c", "%t:%T", device), QUICK).strip().transform(hex -> {
            String[] parts = hex.split(":");
            return Integer.parseInt(parts[0], 16) + ":" + Integer.parseInt(parts[1], 16);
        });
    }

    /** Grows the filesystem to the device: ext4 by device, xfs by its mount point (xfs_growfs needs it mounted). */
    public void grow(String device, String fsType, String mountPoint) {
        switch (fsType) {
            case "ext4" -> runner.runOk(List.of("resize2fs", device), SLOW);
            case "xfs" -> runner.runOk(List.of("xfs_growfs", mountPoint), SLOW);
            default -> throw new HostException("cannot grow " + fsType);
        }
    }

    public long deviceSize(String device) {
        return Long.parseLong(runner.runOk(List.of("blockdev", "--getsize64", device), QUICK).strip());
    }

    /** Bytes and inodes of the filesystem at {@code path} ({@code stat -f}). */
    public FsUsage usage(String path) {
        String out = runner.runOk(List.of("stat", "-f", "-c", "%S %b %f %a %c %d", path), QUICK).strip();
        return FsUsage.parse(out);
    }

    /** Capacity of a mounted filesystem. */
    public record FsUsage(long totalBytes, long availableBytes, long usedBytes, long totalInodes, long freeInodes) {
        /** Parses {@code stat -f -c '%S %b %f %a %c %d'}: block size, blocks, free, available, inodes, free inodes. */
        static FsUsage parse(String line) {
            String[] f = line.trim().split("\\s+");
            long bs = Long.parseLong(f[0]);
            long blocks = Long.parseLong(f[1]);
            long free = Long.parseLong(f[2]);
            long avail = Long.parseLong(f[3]);
            return new FsUsage(blocks * bs, avail * bs, (blocks - free) * bs, Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }
    }
}
