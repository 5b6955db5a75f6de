package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.repository.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the heartbeats of Online nodes that advanced since the last flush, in one batched statement: the
 * last heartbeat and the Offline deadline it pushes out. Only rows still Online are touched (a transition of
 * another instance wins); a heartbeat that found its node not Online is handed back for immediate handling.
 */
@ApplicationScoped
public class HeartbeatFlusher {

    private static final String UPDATE = """
            UPDATE node_health
               SET last_heartbeat_at = GREATEST(last_heartbeat_at, $2),
                   next_deadline_at = GREATEST(last_heartbeat_at, $2) + ($3 * interval '1 millisecond'),
                   version = version + 1
             WHERE name = $1 AND state = 'Online'
            RETURNING name""";

    @Inject
    Pool pool;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    HealthConfig config;

    /** Flushes; returns how many heartbeats were written. */
    public Uni<Integer> flush() {
        List<Map.Entry<String, HeartbeatTracker.Beat>> beats = tracker.unflushed();
        if (beats.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        long grace = config.gracePeriod().toMillis();
        List<Tuple> rows = new ArrayList<>(beats.size());
        beats.forEach(b -> rows.add(Tuple.of(b.getKey(), Times.stored(b.getValue().at()), grace)));
        return pool.preparedQuery(UPDATE).executeBatch(rows).map(first -> {
            Set<String> written = new HashSet<>();
            for (RowSet<Row> set = first; set != null; set = set.next()) {
                set.forEach(row -> written.add(row.getString("name")));
            }
            for (Map.Entry<String, HeartbeatTracker.Beat> b : beats) {
                if (written.contains(b.getKey())) {
                    tracker.flushed(b.getKey(), b.getValue().at());
                } else {
                    tracker.markUrgent(b.getKey());
                }
            }
            return written.size();
        });
    }
}
