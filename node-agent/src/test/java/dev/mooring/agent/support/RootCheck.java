package dev.mooring.agent.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tests on loop devices need root and /dev/loop-control; this says so clearly instead of failing obscurely. */
public final class RootCheck {

    private RootCheck() {
    }

    public static void requireRoot() {
        String user = System.getProperty("user.name");
        boolean root;
        try {
            root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                    .strip());
        } catch (IOException e) {
            root = false;
        }
        if (!root || !Files.exists(Path.of("/dev/loop-control"))) {
            throw new IllegalStateException("These tests attach loop devices, make filesystems and mount them: they"
                    + " need root and /dev/loop-control (running as " + user + ")");
        }
        for (String[] tool : new String[][] {{"losetup", "util-linux"}, {"mount", "mount"}, {"blkid", "util-linux"},
                {"wipefs", "util-linux"}, {"mkfs.ext4", "e2fsprogs"}, {"mkfs.xfs", "xfsprogs"},
                {"xfs_growfs", "xfsprogs"}, {"truncate", "coreutils"}}) {
            if (!onPath(tool[0])) {
                throw new IllegalStateException("These tests need " + tool[0] + " (Debian package " + tool[1]
                        + "): apt-get install -y " + tool[1]);
            }
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }
}
