package dev.mooring.agent.service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens once the agent has reconciled the node with attach-svc at start: until then Probe answers not ready and no
 * heartbeat is sent, so a node that comes back after a takeover drops its former devices before it counts as up.
 */
public final class ReadinessGate {

    private final CountDownLatch open = new CountDownLatch(1);
    private volatile String waitingFor = "the first reconciliation with attach-svc";

    public boolean ready() {
        return open.getCount() == 0;
    }

    public void open() {
        open.countDown();
    }

    public void waitingFor(String reason) {
        this.waitingFor = reason;
    }

    public String reason() {
        return ready() ? "ready" : "waiting for " + waitingFor;
    }

    public boolean await(long millis) throws InterruptedException {
        return open.await(millis, TimeUnit.MILLISECONDS);
    }
}
