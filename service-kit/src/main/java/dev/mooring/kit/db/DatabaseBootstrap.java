package dev.mooring.kit.db;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Makes the service's own database ready before anything uses it: creates it when missing, then applies
 * the kit's migrations (outbox, inbox) and the service's own, each with its own Flyway history.
 * It observes startup before SmallRye Reactive Messaging (priority 1000) starts consuming.
 */
@ApplicationScoped
public class DatabaseBootstrap {

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DUPLICATE_DATABASE = "42P04";

    /** The service's own database ({@code postgresql://host:port/name}); created when missing, then migrated. */
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    /** The database role. */
    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres")
    String username;

    /** The role's password (from a Secret; never logged). */
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** Drop every object first (tests only: gives each test run a fresh schema). */
    @ConfigProperty(name = "mooring.db.clean-at-start", defaultValue = "false")
    boolean cleanAtStart;

    /** Where the service's own migrations are. */
    @ConfigProperty(name = "mooring.db.migrations", defaultValue = "classpath:db/migration")
    List<String> serviceMigrations;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        prepare();
    }

    /** Creates the database if needed and migrates it; safe to call from several instances at once. */
    public void prepare() {
        DatabaseTarget target = DatabaseTarget.fromReactiveUrl(reactiveUrl);
        ensureDatabaseExists(target);
        if (cleanAtStart) {
            flyway(target, "flyway_kit_history", List.of("classpath:db/kit")).clean();
        }
        // Two replicas start at once: one migrates, the other waits for it and finds nothing left to do
        // (Flyway's own lock does not cover creating its history table).
        try (Connection connection = connect(target.jdbcUrl());
             PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtext('mooring-migrations'))")) {
            lock.execute();
            int kit = flyway(target, "flyway_kit_history", List.of("classpath:db/kit")).migrate().migrationsExecuted;
            int own = flyway(target, "flyway_schema_history", serviceMigrations).migrate().migrationsExecuted;
            LOG.infof("Database %s at %s:%d ready (%d kit and %d service migrations applied)",
                    target.database(), target.host(), target.port(), kit, own);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot migrate database " + target.database() + " at "
                    + target.host() + ":" + target.port() + " as user " + username + ": " + e.getMessage(), e);
        }
        // Closing the connection releases the lock.
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", username);
        password.ifPresent(p -> credentials.setProperty("password", p));
        // The driver directly, not DriverManager: in a JVM that boots several Quarkus applications (tests with
        // profiles) DriverManager hands out the first application's driver, which a later class loader refuses.
        return new org.postgresql.Driver().connect(jdbcUrl, credentials);
    }

    private Flyway flyway(DatabaseTarget target, String historyTable, List<String> locations) {
        return Flyway.configure()
                .dataSource(target.jdbcUrl(), username, password.orElse(null))
                .table(historyTable)
                .locations(locations.toArray(String[]::new))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(!cleanAtStart)
                .load();
    }

    private void ensureDatabaseExists(DatabaseTarget target) {
        try (Connection connection = connect(target.maintenanceJdbcUrl());
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, target.database());
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // The name was validated by DatabaseTarget; CREATE DATABASE takes no bind parameters.
                create.execute("CREATE DATABASE \"" + target.database() + "\"");
                LOG.infof("Created database %s", target.database());
            } catch (SQLException e) {
                // Another instance creating it at the same moment is fine: PostgreSQL says so with 42P04, or with
                // 23505 on pg_database's name index when both CREATE DATABASE statements run at once.
                if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare database " + target.database() + " at "
                    + target.host() + ":" + target.port() + " as user " + username + ": " + e.getMessage(), e);
        }
    }
}
