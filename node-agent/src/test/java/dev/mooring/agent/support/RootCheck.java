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
    }
}
