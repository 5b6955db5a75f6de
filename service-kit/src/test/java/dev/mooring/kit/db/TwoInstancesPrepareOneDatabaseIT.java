package dev.mooring.kit.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two replicas of a service start at the same moment on a database that does not exist yet: both create it (one
 * of the CREATE DATABASE statements loses the race) and both migrate it (one waits for the other), and both start.
 * Before, the loser failed with a duplicate key on pg_database or on Flyway's history table and crash-looped.
 */
class TwoInstancesPrepareOneDatabaseIT {

    private final PostgresServer postgres = PostgresServer.shared();
    private final String database = "mooring_kit_race_" + UUID.randomUUID().toString().substring(0, 8);

    @RepeatedTest(3)
    void bothInstancesStartOnADatabaseNeitherFoundAndMigrateItOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> starts = List.of(start(go), start(go));
        go.countDown();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        try (Connection c = connect(database); Statement s = c.createStatement();
             ResultSet kit = s.executeQuery("SELECT count(*) FROM flyway_kit_history WHERE success")) {
            kit.next();
            assertThat(kit.getInt(1)).as("each kit migration applied once").isEqualTo(countKitMigrations());
        }
    }

    @AfterEach
    void dropTheDatabase() throws Exception {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    private CompletableFuture<Void> start(CountDownLatch go) {
        DatabaseBootstrap bootstrap = new DatabaseBootstrap();
        bootstrap.reactiveUrl = postgres.reactiveUrl(database);
        bootstrap.username = "postgres";
        bootstrap.password = Optional.empty();
        bootstrap.serviceMigrations = List.of("classpath:db/migration");
        return CompletableFuture.runAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            bootstrap.prepare();
        });
    }

    private static int countKitMigrations() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                DatabaseBootstrap.class.getResource("/db/kit").toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private Connection connect(String name) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + name,
                credentials);
    }
}
