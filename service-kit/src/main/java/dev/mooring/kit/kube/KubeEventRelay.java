package dev.mooring.kit.kube;

import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.db.Notifications;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes the Events recorded by {@link KubeEvents} to the API server after their transaction committed, oldest
 * first; several instances share the rows ({@code SKIP LOCKED}). An Event that exists already is refreshed (last
 * time, message), never duplicated. A write that fails is tried again later; after the configured attempts the
 * Event is dropped with a warning — the outcome itself is in the database, on Kafka and in the REST API.
 */
@ApplicationScoped
public class KubeEventRelay {

    private static final Logger LOG = Logger.getLogger(KubeEventRelay.class);
    private static final String CHANNEL = "mooring_kube_events";
    private static final int BATCH = 50;

    @Inject
    Pool pool;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    @Inject
    Notifications notifications;

    @Inject
    KubeEventsConfig config;

    private PeriodicJob relay;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        relay = background.periodic("kube-event-relay", config.pollInterval(), this::drain);
        notifications.onNotify(CHANNEL, relay::runSoon);
    }

    /** Writes what is due now (tests call it to not wait for the poll). */
    public void wake() {
        if (relay != null) {
            relay.runSoon();
        }
    }

    private record Pending(long id, String namespace, String name, String body, int attempts) {
    }

    private Uni<Void> drain() {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        SELECT id, namespace, name, body, attempts FROM kit_kube_events WHERE next_try_at <= now()
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(BATCH))
                .chain(rows -> {
                    List<Pending> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new Pending(row.getLong("id"), row.getString("namespace"), row.getString("name"),
                                row.getString("body"), row.getInteger("attempts")));
                    }
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return contexts.blocking(() -> writeAll(due)).chain(failed -> settle(connection, due, failed))
                            .replaceWith(due.size());
                }))
                .chain(count -> count >= BATCH ? drain() : Uni.createFrom().voidItem());
    }

    /** Writes each Event; returns the ids that failed. */
    private List<Long> writeAll(List<Pending> due) {
        List<Long> failed = new ArrayList<>();
        for (Pending pending : due) {
            try {
                write(pending);
            } catch (KubernetesClientException e) {
                failed.add(pending.id());
                if (pending.attempts() + 1 >= config.attempts()) {
                    LOG.warnf("Giving up the Event %s/%s after %d attempts: %s", pending.namespace(), pending.name(),
                            pending.attempts() + 1, e.getMessage());
                } else {
                    LOG.debugf("Event %s/%s not written yet: %s", pending.namespace(), pending.name(), e.getMessage());
                }
            }
        }
        return failed;
    }

    private void write(Pending pending) {
        Event event = Serialization.unmarshal(pending.body(), Event.class);
        try {
            kubernetes.v1().events().inNamespace(pending.namespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // The same occurrence, recorded before: refresh it. fabric8 reads the Event before it sends the merge patch
            // (Fabric8VerbsTest), so the services' Role grants create, get and patch on events.
            kubernetes.v1().events().inNamespace(pending.namespace()).withName(pending.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of(
                            "lastTimestamp", event.getLastTimestamp(), "message", event.getMessage())));
        }
    }

    private Uni<Void> settle(io.vertx.mutiny.sqlclient.SqlConnection connection, List<Pending> due, List<Long> failed) {
        List<Long> done = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        List<Long> retry = new ArrayList<>();
        for (Pending pending : due) {
            if (!failed.contains(pending.id())) {
                done.add(pending.id());
            } else if (pending.attempts() + 1 >= config.attempts()) {
                dropped.add(pending.id());
            } else {
                retry.add(pending.id());
            }
        }
        done.addAll(dropped);
        Uni<?> delete = done.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("DELETE FROM kit_kube_events WHERE id = ANY($1)")
                        .execute(Tuple.of(done.toArray(Long[]::new)));
        return delete.chain(() -> retry.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("""
                                UPDATE kit_kube_events SET attempts = attempts + 1,
                                    next_try_at = now() + make_interval(secs => least(60, 2 ^ attempts))
                                WHERE id = ANY($1)""")
                        .execute(Tuple.of(retry.toArray(Long[]::new))).replaceWithVoid());
    }
}
