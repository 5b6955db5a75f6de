package dev.mooring.kit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    @Test
    void theReactiveUrlGivesTheJdbcUrlAndTheMaintenanceDatabase() {
        DatabaseTarget target = DatabaseTarget.fromReactiveUrl("postgresql://db.example:6543/mooring_provisioner?sslmode=require");

        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mooring_provisioner?sslmode=require");
        assertThat(target.maintenanceJdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/postgres?sslmode=require");
    }

    @Test
    void thePortDefaultsAndTheVertxPrefixIsAccepted() {
        DatabaseTarget target = DatabaseTarget.fromReactiveUrl("vertx-reactive:postgresql://127.0.0.1/mooring_attach");

        assertThat(target.port()).isEqualTo(5432);
        assertThat(target.database()).isEqualTo("mooring_attach");
    }

    @Test
    void aNameThatCannotBeSafelyCreatedIsRefused() {
        assertThatThrownBy(() -> DatabaseTarget.fromReactiveUrl("postgresql://h:1/x;drop"))
                .hasMessageContaining("letters, digits and underscores");
        assertThatThrownBy(() -> DatabaseTarget.fromReactiveUrl("postgresql://h:1/"))
                .hasMessageContaining("names no database");
        assertThatThrownBy(() -> DatabaseTarget.fromReactiveUrl("mysql://h:1/db"))
                .hasMessageContaining("Only PostgreSQL");
    }
}
