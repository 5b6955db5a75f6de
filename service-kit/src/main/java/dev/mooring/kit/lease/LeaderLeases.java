package dev.mooring.kit.lease;

import dev.mooring.kit.db.Notifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where a service gets its {@link LeaderLease}s: {@link #lease} gives the lease of a name, competed for from the
 * application's start (every renew interval, and at once when another instance releases it) and released at an
 * orderly shutdown, with the gauge {@code mooring.leader{name}} (1 while this instance leads). Settings per name:
 * {@code mooring.leader.<name>.ttl} (15 s) and {@code mooring.leader.<name>.renew-interval} (a third of the ttl).
 */
@ApplicationScoped
public class LeaderLeases {

    private static final Logger LOG = Logger.getLogger(LeaderLeases.class);
    /** Released leases are announced here, so that the other contenders try at once. */
    static final String CHANNEL = "mooring_leader";
    static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Notifications notifications;

    @Inject
    MeterRegistry metrics;

    @Inject
    Config config;

    /** The pod's name in Kubernetes; two processes on one host still differ by the random suffix. */
    @ConfigProperty(name = "HOSTNAME")
    Optional<String> hostname;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String service;

    private final Map<String, LeaderLease> managed = new ConcurrentHashMap<>();
    private final List<LeaderLease> contenders = new CopyOnWriteArrayList<>();
    private String instance;
    private volatile boolean started;
    private volatile boolean listening;

    @PostConstruct
    void init() {
        instance = hostname.filter(h -> !h.isBlank()).orElse(service) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process's id as a lease holder. */
    public String instance() {
        return instance;
    }

    /** The lease of {@code name} for this instance: one per name, competed for while the application runs. */
    public LeaderLease lease(String name) {
        return managed.computeIfAbsent(name, n -> {
            LeaderLease lease = new LeaderLease(n, instance, settings(n), pool, vertx);
            contenders.add(lease);
            Gauge.builder("mooring.leader", lease, l -> l.isLeader() ? 1 : 0).tag("name", n)
                    .description("1 while this instance holds the leader lease of this name").register(metrics);
            if (started) {
                listen();
                lease.compete();
            }
            return lease;
        });
    }

    /**
     * Another contender for {@code name} under an instance id of the caller's choosing, not started and not released
     * by the application: it stands in for a second instance (tests) and is driven by its caller.
     */
    public LeaderLease contender(String name, String instanceId, LeaderLease.Settings settings) {
        LeaderLease lease = new LeaderLease(name, instanceId, settings, pool, vertx);
        contenders.add(lease);
        listen();
        return lease;
    }

    /** The settings of {@code name} from the configuration; a bad value fails naming its key. */
    public LeaderLease.Settings settings(String name) {
        String prefix = "mooring.leader." + name + ".";
        Duration ttl = config.getOptionalValue(prefix + "ttl", Duration.class).orElse(DEFAULT_TTL);
        Duration renew = config.getOptionalValue(prefix + "renew-interval", Duration.class).orElse(ttl.dividedBy(3));
        try {
            return new LeaderLease.Settings(ttl, renew);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    /** After the database is migrated and the service's own startup observers asked for their leases. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 800) StartupEvent event) {
        started = true;
        if (!managed.isEmpty()) {
            listen();
        }
        managed.values().forEach(LeaderLease::compete);
    }

    /**
     * After the background work stopped (its transactions done), while the database is still there: releasing hands
     * each lease to another instance at once instead of after its ttl.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) ShutdownEvent event) {
        started = false;
        for (LeaderLease lease : managed.values()) {
            try {
                lease.stepDown().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warnf("lease=%s could not be released at shutdown (it lapses after its ttl): %s", lease.name(),
                        e.toString());
            }
        }
    }

    private void listen() {
        if (listening) {
            return;
        }
        synchronized (this) {
            if (!listening) {
                listening = true;
                notifications.onNotify(CHANNEL, () -> contenders.forEach(LeaderLease::released));
            }
        }
    }
}
