package dev.mooring.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's machine without PostgreSQL: when nothing answers at the configured address, the tests get
 * an embedded server instead — and it really serves SQL. (CI has a PostgreSQL, so this is the only test
 * that walks the fallback.)
 */
class EmbeddedPostgresFallbackIT {

    @Test
    void withNothingAtTheAddressAnEmbeddedPostgresServesTheTests() throws Exception {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        assertThat(PostgresServer.answers("127.0.0.1", unused)).isFalse();

        PostgresServer server = PostgresServer.at("127.0.0.1", unused);

        assertThat(server.embedded()).isTrue();
        assertThat(server.reactiveUrl("mooring_x")).startsWith("postgresql://127.0.0.1:");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres", "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT version()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).startsWith("PostgreSQL");
        }
    }
}
