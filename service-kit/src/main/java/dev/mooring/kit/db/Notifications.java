package dev.mooring.kit.db;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's one LISTEN connection: tables of the kit NOTIFY on commit (outbox, jobs, Kubernetes Events), and
 * whoever drains them is woken at once instead of waiting for its safety-net poll. Losing the connection only
 * slows things down to the poll; it reconnects by itself.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @ConfigProperty(name = "mooring.outbox.retry-delay", defaultValue = "1s")
    Duration reconnectDelay;

    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;
    private boolean connecting;

    /** Calls {@code wake} (on an event loop: keep it short) whenever a transaction notifying {@code channel} commits. */
    public synchronized void onNotify(String channel, Runnable wake) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(wake);
        if (subscriber == null) {
            subscriber = PgSubscriber.subscriber(vertx, options()).reconnectPolicy(retries -> reconnectDelay.toMillis());
        }
        subscriber.channel(channel).handler(payload -> listeners.getOrDefault(channel, List.of()).forEach(Runnable::run));
        if (!connecting) {
            connecting = true;
            subscriber.connect().subscribe().with(
                    ok -> LOG.debugf("Listening for commits on %s", listeners.keySet()),
                    error -> LOG.warnf("Cannot LISTEN for commits (%s); background work falls back to its poll",
                            error.getMessage()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber current;
        synchronized (this) {
            current = subscriber;
            subscriber = null;
        }
        if (current != null) {
            current.closeAndForget();
        }
    }

    private PgConnectOptions options() {
        PgConnectOptions options = PgConnectOptions.fromUri(
                reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring(15) : reactiveUrl);
        options.setUser(username);
        password.ifPresent(options::setPassword);
        // Its own metrics name: under the datasource's name its gauges would clash with the pool's.
        options.setMetricsName("mooring-notifications");
        return options;
    }
}
