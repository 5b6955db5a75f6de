package dev.mooring.kit.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/**
 * Whether a failure means the database is away (restarting, unreachable, shutting down) rather than that the work is
 * wrong: such work is neither dead-lettered nor reported as an internal error, it waits for the database.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedConnectionException || t instanceof ConnectException) {
                return true;
            }
            // 57P01-57P03: the server shuts down or is starting; class 08: the connection failed.
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("57P") || pg.getSqlState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }
}
