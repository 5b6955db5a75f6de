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
     * Vert.x's SQL client, when a transaction's connection died with the killed PostgreSQL: it cannot commit or roll
     * back (the caller gets the failure and retries).
     */
    public static final String TRANSACTION_ON_A_LOST_CONNECTION =
            "logger=SqlClientConnection .*Failed to (rollback|commit) transaction";

    /** PostgreSQL refusing connections while it recovers from the SIGKILL: in its own log, and quoted in WARNs. */
    public static final String POSTGRES_RECOVERING = "FATAL: +the database system is (starting up|in recovery mode|shutting down)";

    public static final List<Pattern> EXPECTED = List.of(Pattern.compile(TRANSACTION_ON_A_LOST_CONNECTION), Pattern.compile(POSTGRES_RECOVERING));

    private ChaosErrors() {
    }
}
