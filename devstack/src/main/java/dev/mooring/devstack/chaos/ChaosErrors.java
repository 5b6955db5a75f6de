package dev.mooring.devstack.chaos;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The ERROR lines a chaos run provokes on purpose, each with why it is expected: lines libraries log when the
 * process at the other end is killed. The services' own failure handling logs at WARN; an ERROR of theirs is a
 * finding.
 */
public final class ChaosErrors {

    /**
     * Vert.x's SQL client, when a transaction's connection died with the killed PostgreSQL: it cannot begin, commit or
     * roll back (the caller gets the failure and retries). The BEGIN is worded "Failed to start a transaction".
     */
    public static final String TRANSACTION_ON_A_LOST_CONNECTION =
            "logger=SqlClientConnection .*Failed to ((rollback|commit) transaction|start a transaction)";

    /** PostgreSQL refusing connections while it recovers from the SIGKILL: in its own log, and quoted in WARNs. */
    public static final String POSTGRES_RECOVERING = "FATAL: +the database system is (starting up|in recovery mode|shutting down)";

    /**
     * vertx-sql-client issue 1706 (open): when acquiring a pool connection fails (PostgreSQL killed), the pool's timeout
     * timer later fails the already failed query again and Vert.x reports that as uncaught; the query's caller had its
     * failure and retried.
     */
    public static final String SQL_POOL_TIMER_AFTER_A_FAILED_ACQUIRE =
            "Uncaught exception received by Vert.x: java.lang.IllegalStateException: Result is already complete";

    /**
     * PostgreSQL's own log, when both replicas of a service create its database at once: the second CREATE DATABASE
     * is refused and the kit takes that as done (the stack's own PostgreSQL is the only one whose log is scanned).
     */
    public static final String SECOND_REPLICA_CREATING_ITS_DATABASE =
            "duplicate key value violates unique constraint \"pg_database_datname_index\"|ERROR: +database \"mooring_[a-z_]+\" already exists";

    /**
     * The broker's own log, as it comes back from its SIGKILL: its group coordinator starts loading a
     * {@code __consumer_offsets} partition while the controller is still moving that partition's leadership, gives
     * up on that epoch and loads it again under the next one (a "Finished loading … with epoch 2" follows).
     */
    public static final String KAFKA_OFFSETS_LOAD_UNDER_A_STALE_EPOCH = "\\[GroupCoordinator id=\\d+\\] Failed to load"
            + " metadata from __consumer_offsets-\\d+ with epoch \\d+ due to"
            + " org\\.apache\\.kafka\\.common\\.errors\\.NotLeaderOrFollowerException";

    public static final List<Pattern> EXPECTED = List.of(Pattern.compile(TRANSACTION_ON_A_LOST_CONNECTION),
            Pattern.compile(POSTGRES_RECOVERING), Pattern.compile(SQL_POOL_TIMER_AFTER_A_FAILED_ACQUIRE),
            Pattern.compile(SECOND_REPLICA_CREATING_ITS_DATABASE), Pattern.compile(KAFKA_OFFSETS_LOAD_UNDER_A_STALE_EPOCH));

    private ChaosErrors() {
    }
}
