package dev.mooring.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(PostgresResource.class)}: the service's database on the test PostgreSQL,
 * named {@code <mooring.test.database>} (set by each service's test profile, default {@code mooring_test}),
 * cleaned at start so every run begins empty.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "mooring_test";

    @Override
    public void init(Map<String, String> initArgs) {
        // MOORING_TEST_DB_SUFFIX lets two work trees run the same module's tests at once without sharing a database.
        database = initArgs.getOrDefault("database", database)
                + System.getenv().getOrDefault("MOORING_TEST_DB_SUFFIX", "");
    }

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.shared();
        return Map.of(
                "quarkus.datasource.reactive.url", server.reactiveUrl(database),
                "quarkus.datasource.username", "postgres",
                "mooring.db.clean-at-start", "true");
    }

    @Override
    public void stop() {
        // Shared by the JVM.
    }
}
