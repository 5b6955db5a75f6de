package dev.mooring.health.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.health.HealthTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 Online nodes heartbeating: each heartbeat costs a map update, the database sees one batch per flush
 * interval, and no node is declared Offline. Driven at ten times the real rate (every node every second, against
 * the test profile's 2 s grace period and 500 ms flush) for 10 s; the CPU of the scheduler and the Vert.x event
 * loops (where the SQL runs) is logged.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@HealthTestResources
@Tag("scale")
class TenThousandNodesIT {

    private static final Logger LOG = Logger.getLogger(TenThousandNodesIT.class);
    private static final int NODES = 10_000;

    @Inject
    Pool pool;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    LivenessLoop loop;

    @Test
    void tenThousandNodesRenewingStayOnlineWithOneBatchedWritePerFlush() throws Exception {
        Instant start = Instant.now();
        await(pool.query("INSERT INTO node_health (name, state, last_heartbeat_at, online_since, next_deadline_at,"
                + " updated_at) SELECT 'load-' || i, 'Online', now(), now(), now() + interval '2 seconds', now()"
                + " FROM generate_series(1, " + NODES + ") i").execute().replaceWithVoid());
        loop.restart(); // learns the 10,000 Online nodes from the store, as at a start

        ScheduledExecutorService kubelets = Executors.newSingleThreadScheduledExecutor();
        AtomicLong beats = new AtomicLong();
        AtomicLong beatNanos = new AtomicLong();
        kubelets.scheduleAtFixedRate(() -> {
            long t0 = System.nanoTime();
            Instant now = Instant.now();
            for (int i = 1; i <= NODES; i++) {
                tracker.beat("load-" + i, now, HeartbeatTracker.LEASE);
            }
            beatNanos.addAndGet(System.nanoTime() - t0);
            beats.addAndGet(NODES);
        }, 0, 1, TimeUnit.SECONDS);
        try {
            long cpuBefore = schedulerCpuNanos();
            Instant until = Instant.now().plusSeconds(10);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Instant.now().isAfter(until));
            long cpu = schedulerCpuNanos() - cpuBefore;

            Long offline = await(pool.query("SELECT count(*) FROM node_health WHERE name LIKE 'load-%'"
                    + " AND state <> 'Online'").execute().map(rows -> rows.iterator().next().getLong(0)));
            Long outbox = await(pool.query("SELECT count(*) FROM outbox WHERE record_key LIKE 'load-%'")
                    .execute().map(rows -> rows.iterator().next().getLong(0)));
            Long fresh = await(pool.query("SELECT count(*) FROM node_health WHERE name LIKE 'load-%'"
                    + " AND last_heartbeat_at > now() - interval '2 seconds'").execute()
                    .map(rows -> rows.iterator().next().getLong(0)));
            LOG.infof("10,000 nodes for 10 s: %d heartbeats, %.2f µs each on the caller, scheduler + event loops CPU %d ms"
                            + " (%.1f %% of one core), stored heartbeats fresher than 2 s: %d", beats.get(),
                    beatNanos.get() / 1000.0 / beats.get(), cpu / 1_000_000, cpu / 100_000_000.0, fresh);
            assertThat(offline).isZero();
            assertThat(outbox).isZero(); // no event: heartbeats of Online nodes are not transitions
            assertThat(fresh).isEqualTo(NODES); // every heartbeat reached the store within a flush
        } finally {
            kubelets.shutdownNow();
            await(pool.query("DELETE FROM node_health WHERE name LIKE 'load-%'").execute().replaceWithVoid());
            loop.restart(); // forget them
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
    }

    private static long schedulerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                // The scheduler runs on the kit's safe Vert.x contexts: its work and its SQL are on the event loops.
                .filter(t -> t != null && t.getThreadName().startsWith("vert.x-eventloop"))
                .mapToLong(t -> threads.getThreadCpuTime(t.getThreadId())).filter(n -> n > 0).sum();
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> work) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
