package dev.mooring.health.service;

import dev.mooring.health.repository.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What an instance that does not lead does with a heartbeat that is a transition (the node is not Online here): it
 * records the sighting on the node's row and brings the row's deadline forward to now, in one batched statement, so the
 * leader applies it at its next pass — a renewal only this instance's watch saw still counts. It learns from the row
 * whether the node is Online meanwhile, so that its later heartbeats go to the batch flush instead.
 */
@ApplicationScoped
public class HeartbeatSightings {

    private static final String UPSERT = """
            INSERT INTO node_health AS n (name, state, updated_at, seen_heartbeat_at, seen_heartbeat_signal, next_deadline_at)
            VALUES ($1, 'Unknown', $4, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE
               SET seen_heartbeat_at = EXCLUDED.seen_heartbeat_at,
                   seen_heartbeat_signal = EXCLUDED.seen_heartbeat_signal,
                   next_deadline_at = CASE WHEN n.state = 'Online' THEN n.next_deadline_at
                                           ELSE LEAST(COALESCE(n.next_deadline_at, EXCLUDED.next_deadline_at),
                                                      EXCLUDED.next_deadline_at) END
             WHERE n.seen_heartbeat_at IS NULL OR n.seen_heartbeat_at < EXCLUDED.seen_heartbeat_at
            RETURNING name, state""";

    @Inject
    Pool pool;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    Clock clock;

    /** Records the latest heartbeat of each node; returns how many rows took it. */
    public Uni<Integer> record(Collection<String> names) {
        List<Tuple> rows = new ArrayList<>();
        for (String name : names) {
            Optional<HeartbeatTracker.Beat> beat = tracker.latest(name);
            beat.ifPresent(b -> rows.add(Tuple.of(name, Times.stored(b.at()), b.signal(),
                    Times.stored(clock.instant()))));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(UPSERT).executeBatch(rows).map(first -> {
            int taken = 0;
            for (RowSet<Row> set = first; set != null; set = set.next()) {
                for (Row row : set) {
                    taken++;
                    tracker.knownState(row.getString("name"), "Online".equals(row.getString("state")));
                }
            }
            return taken;
        });
    }
}
