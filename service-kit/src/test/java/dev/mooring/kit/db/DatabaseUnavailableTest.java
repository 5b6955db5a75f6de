package dev.mooring.kit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What counts as "the database is away" (wait for it) and what does not (the work itself failed). */
class DatabaseUnavailableTest {

    @Test
    void aRefusedOrLostConnectionOrAServerShuttingDownIsTheDatabaseBeingAway() {
        assertThat(DatabaseUnavailable.is(new ConnectException("Connection refused: /127.0.0.1:5432"))).isTrue();
        assertThat(DatabaseUnavailable.is(new CompletionException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("the database system is starting up", "FATAL", "57P03", null)))
                .isTrue();
    }

    @Test
    void aConstraintViolationOrABugIsNot() {
        assertThat(DatabaseUnavailable.is(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("no such row"))).isFalse();
    }
}
