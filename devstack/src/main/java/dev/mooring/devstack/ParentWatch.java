package dev.mooring.devstack;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that every child JVM of devstack carries ({@code -javaagent:parent-watch.jar=<devstack pid>}):
 * when the devstack process disappears — even by {@code kill -9}, when no shutdown hook runs — the child
 * exits too, running its own shutdown hooks (Quarkus and Kafka stop cleanly). No orphans are left behind.
 *
 * <p>Self-contained on purpose (no lambdas capturing other classes, no inner classes): devstack copies this
 * one class into the agent jar.
 */
public final class ParentWatch {

    private static final long POLL_MILLIS = 500;
    private static final long HALT_AFTER_MILLIS = 15_000;

    private ParentWatch() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        long parent;
        try {
            parent = Long.parseLong(args == null ? "" : args.trim());
        } catch (NumberFormatException e) {
            System.err.println("devstack parent-watch: no parent pid given, not watching");
            return;
        }
        Thread watcher = new Thread(() -> watch(parent), "devstack-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watch(long parent) {
        while (alive(parent)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("devstack parent-watch: devstack (pid " + parent + ") is gone, stopping this process");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "devstack-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
