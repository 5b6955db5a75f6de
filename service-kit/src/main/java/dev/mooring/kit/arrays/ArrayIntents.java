package dev.mooring.kit.arrays;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An array operation's intent — which array, which object name — recorded (and committed) <em>before</em> its first
 * call, and reused by every retry, every re-request and every instance. So a create that may have happened on array
 * A is looked for and finished on A, never made again on B because B now has more room; and a clean-up knows where
 * to look.
 */
@ApplicationScoped
public class ArrayIntents {

    @Inject
    Pool pool;

    /** Where an operation goes. */
    public record Target(String array, String objectName) {
    }

    /** A recorded intent. */
    public record Intent(String key, String operation, String array, String objectName) {
        public Target target() {
            return new Target(array, objectName);
        }
    }

    /**
     * The intent of {@code operation} on {@code key}: the one recorded earlier, or else the target {@code choose}
     * gives, recorded now in a transaction of its own (committed before this returns). Empty when there is none
     * and {@code choose} finds none.
     */
    public Uni<Optional<Intent>> recordOrReuse(String key, String operation, Supplier<Uni<Optional<Target>>> choose) {
        // Choosing first is cheap (cached figures) and saves a round trip: one statement then records the choice
        // unless an intent exists, and returns whichever is recorded (committed at once, before any array call).
        return choose.get().chain(target -> target.isEmpty() ? find(key, operation)
                : pool.preparedQuery("""
                                WITH ins AS (
                                    INSERT INTO kit_array_intents (intent_key, operation, array_name, object_name)
                                    VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING array_name, object_name)
                                SELECT array_name, object_name FROM ins
                                UNION ALL
                                SELECT array_name, object_name FROM kit_array_intents
                                WHERE intent_key = $1 AND operation = $2
                                LIMIT 1""")
                        .execute(Tuple.of(key, operation, target.get().array(), target.get().objectName()))
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return Optional.of(new Intent(key, operation, row.getString(0), row.getString(1)));
                        }));
    }

    /** The intent recorded for {@code operation} on {@code key}, if any. */
    public Uni<Optional<Intent>> find(String key, String operation) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT array_name, object_name FROM kit_array_intents WHERE intent_key = :key"
                                + " AND operation = :operation", Object[].class)
                .setParameter("key", key)
                .setParameter("operation", operation)
                .getResultList()
                .map(rows -> rows.isEmpty() ? Optional.<Intent>empty()
                        : Optional.of(new Intent(key, operation, (String) rows.get(0)[0], (String) rows.get(0)[1])))));
    }

    /** Every intent of {@code key} (e.g. to clean up whatever a volume's operations touched). */
    public Uni<List<Intent>> of(String key) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT operation, array_name, object_name FROM kit_array_intents WHERE intent_key = :key"
                                + " ORDER BY created_at", Object[].class)
                .setParameter("key", key)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Intent(key, (String) r[0], (String) r[1], (String) r[2]))
                        .toList())));
    }

    /** Every recorded intent: operations that have chosen their target and may not be finished. */
    public Uni<List<Intent>> all() {
        return pool.query("SELECT intent_key, operation, array_name, object_name FROM kit_array_intents").execute()
                .map(rows -> {
                    List<Intent> intents = new java.util.ArrayList<>();
                    rows.forEach(row -> intents.add(new Intent(row.getString(0), row.getString(1), row.getString(2),
                            row.getString(3))));
                    return intents;
                });
    }

    /** Forgets the intent in the ongoing transaction (once the operation's outcome is recorded for good). */
    public Uni<Void> forget(String key, String operation) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM kit_array_intents WHERE intent_key = :key AND operation = :operation")
                .setParameter("key", key)
                .setParameter("operation", operation)
                .executeUpdate()
                .replaceWithVoid());
    }

}
