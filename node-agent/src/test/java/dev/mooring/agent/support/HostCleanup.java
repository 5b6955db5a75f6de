package dev.mooring.agent.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last line of cleanup after the agent's tests, whatever they left: every mount under the test directory is
 * unmounted (deepest first) and every loop device whose file lies there is detached.
 */
public final class HostCleanup {

    private HostCleanup() {
    }

    public static void releaseEverythingUnder(Path dir) {
        String prefix = dir.toString();
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                String mp = f[4].replace("\\040", " ");
                if (mp.startsWith(prefix)) {
                    mounts.add(mp);
                }
            }
            mounts.sort(Comparator.comparingInt(String::length).reversed());
            for (String mp : mounts) {
                run("umount", "-l", mp);
            }
            String loops = run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE");
            for (String line : loops.split("\n")) {
                String[] f = line.trim().split("\\s+", 2);
                if (f.length == 2 && f[1].startsWith(prefix)) {
                    run("losetup", "--detach", f[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cleanup under " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the test directory (sparse images, state, links) once nothing is mounted or attached from it. */
    public static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The loop devices still backed by a file under {@code dir}. */
    public static List<String> loopsUnder(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").split("\n")) {
            String[] f = line.trim().split("\\s+", 2);
            if (f.length == 2 && f[1].startsWith(dir.toString())) {
                found.add(line.trim());
            }
        }
        return found;
    }

    static String run(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
