package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Chooses loopback ports: the default one when it is free (so the usual URLs work), otherwise a free one below
 * the kernel's ephemeral range. A port from that range (what binding port 0 hands out) can be taken, between
 * being chosen and being listened on, by any outgoing connection of the stack's many processes — a service
 * then fails to start with "port in use". Never hands the same port out twice in one stack.
 */
public final class Ports {

    private final boolean preferDefaults;
    private final Set<Integer> taken = new HashSet<>();
    private final Map<Integer, Integer> busyDefaults = new HashMap<>();

    public Ports(boolean preferDefaults) {
        this.preferDefaults = preferDefaults;
    }

    /** The default port if free (and defaults are wanted), else any free port. */
    public synchronized int choose(int defaultPort) {
        if (preferDefaults && defaultPort > 0 && !taken.contains(defaultPort) && free(defaultPort)) {
            taken.add(defaultPort);
            return defaultPort;
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = attempt < 150 ? belowEphemeralRange() : ephemeral();
            if (taken.contains(port) || !free(port)) {
                continue;
            }
            if (taken.add(port)) {
                if (preferDefaults && defaultPort > 0) {
                    busyDefaults.put(port, defaultPort);
                }
                return port;
            }
        }
        throw new IllegalStateException("No free port found on 127.0.0.1");
    }

    /** A note for a port chosen because its default was busy, e.g. {@code " (8081 busy)"}; else empty. */
    public synchronized String note(int port) {
        Integer wanted = busyDefaults.get(port);
        return wanted == null ? "" : " (" + wanted + " busy)";
    }

    /** Whether nothing listens on 127.0.0.1:port and we may bind it. */
    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        // Something bound to the wildcard address with SO_REUSEPORT could still answer; ask.
        return !answers("127.0.0.1", port, 200);
    }

    /** Whether a TCP connection to host:port succeeds within the timeout. */
    public static boolean answers(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A random port between 10000 and the start of the ephemeral range (32768 unless the kernel says otherwise). */
    private static int belowEphemeralRange() {
        int low = 32768;
        try {
            String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            low = Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: the usual start of the range
        }
        int from = 10_000;
        int to = Math.max(from + 1000, low);
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(from, to);
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
