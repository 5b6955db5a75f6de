package dev.mooring.provisioner;

import dev.mooring.kit.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Storage pools as the pools part of the service records them (tables {@code pool}, {@code drive}), written
 * straight into the service's database: placement tests arrange the pools a volume may be placed on.
 */
public final class PoolFixtures {

    public static final long GI = 1L << 30;

    private PoolFixtures() {
    }

    /** A pool with one drive per array named ({@code <pool>-d<i>}), in state Online unless said otherwise. */
    public record PoolSpec(String poolId, String node, String region, String zone, String rack, long capacityBytes,
                           long usedBytes, String state, List<String> arrays) {
        public static PoolSpec online(String poolId, String node, String zone, long capacityGi, String... arrays) {
            return new PoolSpec(poolId, node, "eu", zone, "rack-1", capacityGi * GI, 0, "Online", List.of(arrays));
        }
    }

    /** Removes every pool, drive and replica. */
    public static void clear() {
        run(connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.executeUpdate("delete from volume_replica");
                sql.executeUpdate("delete from drive");
                sql.executeUpdate("delete from pool");
            }
        });
    }

    public static void add(PoolSpec pool) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into pool (pool_id, node_name, origin_node, region, zone, rack, state, capacity_bytes,
                                      used_bytes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, pool.poolId());
                insert.setString(2, pool.node());
                insert.setString(3, pool.node());
                insert.setString(4, pool.region());
                insert.setString(5, pool.zone());
                insert.setString(6, pool.rack());
                insert.setString(7, pool.state());
                insert.setLong(8, pool.capacityBytes());
                insert.setLong(9, pool.usedBytes());
                insert.executeUpdate();
            }
            int i = 0;
            for (String array : pool.arrays()) {
                try (PreparedStatement drive = connection.prepareStatement("""
                        insert into drive (drive_name, pool_id, array_name, size_bytes, attached)
                        values (?, ?, ?, ?, true)""")) {
                    drive.setString(1, pool.poolId() + "-d" + (++i));
                    drive.setString(2, pool.poolId());
                    drive.setString(3, array);
                    drive.setLong(4, pool.capacityBytes() / pool.arrays().size());
                    drive.executeUpdate();
                }
            }
        });
    }

    /** A pool moved to another node (a takeover, as the pools part of the service records it). */
    public static void move(String poolId, String node) {
        run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update pool set node_name = ? where pool_id = ?")) {
                update.setString(1, node);
                update.setString(2, poolId);
                update.executeUpdate();
            }
        });
    }

    /** The pool ids holding the replicas of a volume, replica 1 first. */
    public static List<String> replicaPools(String volumeId) {
        java.util.List<String> pools = new java.util.ArrayList<>();
        run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select pool_id from volume_replica where volume_id = ? order by replica_index")) {
                query.setString(1, volumeId);
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        pools.add(rows.getString(1));
                    }
                }
            }
        });
        return pools;
    }

    /** The status recorded for a stretched pod on an array, or null when none is. */
    public static String podStatus(String pod, String array) {
        String[] status = new String[1];
        run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select status from pod_array_status where pod_name = ? and array_name = ?")) {
                query.setString(1, pod);
                query.setString(2, array);
                try (var rows = query.executeQuery()) {
                    status[0] = rows.next() ? rows.getString(1) : null;
                }
            }
        });
        return status[0];
    }

    /** Whether a handler of the service recorded an event as processed (its inbox). */
    public static boolean processed(String handler, java.util.UUID eventId) {
        boolean[] found = new boolean[1];
        run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from inbox where handler = ? and event_id = ?")) {
                query.setString(1, handler);
                query.setObject(2, eventId);
                try (var rows = query.executeQuery()) {
                    found[0] = rows.next();
                }
            }
        });
        return found[0];
    }

    /** The array a volume's create intent names (recorded before its first create), or null when none is. */
    public static String createIntent(String volumeId) {
        String[] array = new String[1];
        run(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select array_name from kit_array_intents where intent_key = ? and operation = 'create-volume'")) {
                query.setString(1, volumeId);
                try (var rows = query.executeQuery()) {
                    array[0] = rows.next() ? rows.getString(1) : null;
                }
            }
        });
        return array[0];
    }

    /** A pool in {@code state} whose drives are the named array volumes ({@code drive name -> array}). */
    public static void poolWithDrives(String poolId, String node, String state, java.util.Map<String, String> drives) {
        add(new PoolSpec(poolId, node, "eu", "zone-x", "rack-1", 0, 0, state, List.of()));
        run(connection -> {
            for (var drive : drives.entrySet()) {
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into drive (drive_name, pool_id, array_name, size_bytes, serial, attached)
                        values (?, ?, ?, ?, 'serial', false)""")) {
                    insert.setString(1, drive.getKey());
                    insert.setString(2, poolId);
                    insert.setString(3, drive.getValue());
                    insert.setLong(4, GI);
                    insert.executeUpdate();
                }
            }
        });
    }

    /** An array operation's intent, as ArrayIntents records it before the operation's first call. */
    public static void recordIntent(String key, String operation, String array, String objectName) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into kit_array_intents (intent_key, operation, array_name, object_name)
                    values (?, ?, ?, ?)""")) {
                insert.setString(1, key);
                insert.setString(2, operation);
                insert.setString(3, array);
                insert.setString(4, objectName);
                insert.executeUpdate();
            }
        });
    }

    private interface Work {
        void on(Connection connection) throws SQLException;
    }

    private static void run(Work work) {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        String user = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.username", String.class)
                .orElse("postgres");
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", user);
        // The driver directly, not through DriverManager: a driver registered there from this test's class loader
        // is not visible to the next Quarkus application the JVM boots (another test profile or resource set).
        try (Connection connection = new org.postgresql.Driver().connect(DatabaseTarget.fromReactiveUrl(url).jdbcUrl(),
                credentials)) {
            work.on(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
