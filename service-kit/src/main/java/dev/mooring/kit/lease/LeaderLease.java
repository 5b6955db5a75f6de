package dev.mooring.kit.lease;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One named leader lease held by one instance at a time, in {@code kit_leader_leases}: a row per name with its holder
 * and {@code expires_at}. Acquiring and renewing are one conditional upsert ({@code holder = me OR expires_at < now()})
 * timed by the database's clock, never the JVM's. {@link #isLeader} is this instance's belief — it ends on its own
 * when renewals stop succeeding for a ttl, measured from when the last successful renewal was <em>sent</em> — and
 * {@link #heldInTransaction} is the fence: the transaction that writes a decision checks the row there.
 *
 * <p>Made by {@link LeaderLeases}: {@link LeaderLeases#lease} competes from startup and releases at shutdown.
 */
public final class LeaderLease {

    private static final Logger LOG = Logger.getLogger(LeaderLease.class);

    private static final String ACQUIRE = """
            INSERT INTO kit_leader_leases AS l (name, holder, acquired_at, renewed_at, expires_at)
            VALUES ($1, $2, now(), now(), now() + make_interval(secs => $3))
            ON CONFLICT (name) DO UPDATE
               SET holder = EXCLUDED.holder,
                   acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE now() END,
                   renewed_at = now(),
                   expires_at = EXCLUDED.expires_at
             WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
            RETURNING holder""";

    /** Deleting the row hands over at once; the NOTIFY (sent on commit) wakes the other contenders. */
    private static final String RELEASE = """
            WITH gone AS (DELETE FROM kit_leader_leases WHERE name = $1 AND holder = $2 RETURNING name)
            SELECT pg_notify('%s', name) FROM gone""".formatted(LeaderLeases.CHANNEL);

    /** A lease's timing: how long an acquisition holds, and how often the holder renews (and others try). */
    public record Settings(Duration ttl, Duration renewInterval) {

        public Settings {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive, was " + ttl);
            }
            if (renewInterval.isNegative() || renewInterval.isZero() || renewInterval.compareTo(ttl) >= 0) {
                throw new IllegalArgumentException("renew-interval must be positive and below the ttl (" + ttl
                        + "), was " + renewInterval);
            }
        }

        /** Renewing every third of the ttl: two renewals may fail before the lease lapses. */
        public static Settings of(Duration ttl) {
            return new Settings(ttl, ttl.dividedBy(3));
        }
    }

    /** Who holds a lease by the database's clock, and until when. */
    public record Holder(String instance, OffsetDateTime expiresAt) {
    }

    private final String name;
    private final String instance;
    private final Settings settings;
    private final Pool pool;
    private final Vertx vertx;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private boolean leader;
    /** System.nanoTime() until which the last successful acquisition holds, from when it was sent. */
    private long heldUntilNanos;
    private volatile boolean competing;
    private long timer = -1;
    private boolean failing;

    LeaderLease(String name, String instance, Settings settings, Pool pool, Vertx vertx) {
        this.name = name;
        this.instance = instance;
        this.settings = settings;
        this.pool = pool;
        this.vertx = vertx;
    }

    public String name() {
        return name;
    }

    /** The id this instance holds leases under (HOSTNAME plus a random suffix per start). */
    public String instance() {
        return instance;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether this instance holds the lease, as far as it knows now; a decision still checks {@link #heldInTransaction}. */
    public boolean isLeader() {
        synchronized (lock) {
            if (leader && System.nanoTime() - heldUntilNanos >= 0) {
                change(false, "its renewals did not succeed within the ttl of " + settings.ttl());
            }
            return leader;
        }
    }

    /** Called with true when this instance becomes the leader, false when it stops (on the thread that saw it). */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** Starts competing: tries now and every renew interval (and at once when another instance releases). */
    public void compete() {
        synchronized (lock) {
            if (competing) {
                return;
            }
            competing = true;
            timer = vertx.setPeriodic(settings.renewInterval().toMillis(), id -> tick());
        }
        tick();
    }

    /** Stops competing and releases the lease, so another instance takes over at once (an orderly shutdown). */
    public Uni<Void> stepDown() {
        stopCompeting("it stepped down");
        return pool.preparedQuery(RELEASE).execute(Tuple.of(name, instance)).replaceWithVoid();
    }

    /** Stops competing and keeps the row as it is: the lease lapses after its ttl, as it does when a process dies. */
    public void halt() {
        stopCompeting("it halted");
    }

    /**
     * One attempt to acquire or renew now; true when this instance holds the lease afterwards. A failed attempt
     * (database unreachable) leaves the belief as it was: it ends by itself once the ttl since the last success passed.
     */
    public Uni<Boolean> tryAcquire() {
        long sent = System.nanoTime();
        return pool.preparedQuery(ACQUIRE).execute(Tuple.of(name, instance, settings.ttl().toMillis() / 1000.0))
                .map(rows -> rows.size() > 0)
                .invoke(held -> {
                    synchronized (lock) {
                        if (failing) {
                            LOG.infof("lease=%s can be renewed again", name);
                            failing = false;
                        }
                        if (held) {
                            heldUntilNanos = sent + settings.ttl().toNanos();
                        }
                        // A belief that ended while competing stopped is not revived by an answer in flight.
                        change(held && competing, "another instance holds it");
                    }
                });
    }

    /**
     * The fence, inside a Panache transaction: whether this instance holds the lease now by the database's clock
     * ({@code holder = me AND expires_at > now()}). The row is share-locked until the transaction ends, so no other
     * instance can take the lease over (nor this one release it) before the decisions of this transaction commit.
     * A transaction that finds false must decide nothing.
     */
    public Uni<Boolean> heldInTransaction() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT holder FROM kit_leader_leases WHERE name = :name AND holder = :holder"
                                + " AND expires_at > now() FOR SHARE", String.class)
                .setParameter("name", name)
                .setParameter("holder", instance)
                .getResultList())
                .map(rows -> !rows.isEmpty());
    }

    /** Who holds the lease now by the database's clock (none when it lapsed or was released). */
    public Uni<Optional<Holder>> holder() {
        return pool.preparedQuery("SELECT holder, expires_at FROM kit_leader_leases WHERE name = $1 AND expires_at > now()")
                .execute(Tuple.of(name))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new Holder(row.getString("holder"), row.getOffsetDateTime("expires_at")));
                    }
                    return Optional.empty();
                });
    }

    /** Another instance released a lease: try at once when this one is waiting for it. */
    void released() {
        if (competing && !isLeader()) {
            tick();
        }
    }

    private void tick() {
        if (!competing) {
            return;
        }
        isLeader(); // a belief whose ttl passed ends now, even while the database does not answer
        tryAcquire().subscribe().with(held -> { }, e -> {
            synchronized (lock) {
                if (!failing) {
                    LOG.warnf("lease=%s could not be acquired or renewed (tried again every %s): %s", name,
                            settings.renewInterval(), e.toString());
                    failing = true;
                }
            }
        });
    }

    private void stopCompeting(String why) {
        synchronized (lock) {
            competing = false;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            change(false, why);
        }
    }

    /** Under the lock. */
    private void change(boolean nowLeader, String whyNot) {
        if (nowLeader == leader) {
            return;
        }
        leader = nowLeader;
        if (nowLeader) {
            LOG.infof("lease=%s: this instance (%s) is now the leader (ttl %s)", name, instance, settings.ttl());
        } else {
            LOG.infof("lease=%s: this instance (%s) is no longer the leader: %s", name, instance, whyNot);
        }
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(nowLeader);
            } catch (RuntimeException e) {
                LOG.warnf("lease=%s listener failed: %s", name, e.toString());
            }
        }
    }
}
