package dev.mooring.agent.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every background loop of the agent (heartbeats, facts, self-healing) is scheduled here and nowhere else: one
 * daemon thread per loop, a fixed delay between the end of one pass and the start of the next, a failed pass
 * logged and followed by the next. This class is what moves when service-kit's shared loop runtime arrives.
 */
public final class LoopScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoopScheduler.class);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "mooring-agent-loop");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code pass} now and then every {@code delay} after the previous pass ended. */
    public void every(String name, Duration delay, Runnable pass) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.warnf("loop %s: pass failed: %s", name, e.getMessage());
            }
        }, 0, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
