package dev.mooring.kit.db;

import java.net.URI;
import java.util.Objects;

/**
 * Where a service's database lives, derived from {@code quarkus.datasource.reactive.url} so that one
 * setting configures both the reactive pool and the JDBC side that Flyway needs.
 */
public record DatabaseTarget(String host, int port, String database, String query) {

    public DatabaseTarget {
        Objects.requireNonNull(host, "host");
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("The datasource URL names no database");
        }
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            // The name is used in CREATE DATABASE, which takes no bind parameters.
            throw new IllegalArgumentException("Database name '" + database
                    + "' must be letters, digits and underscores, starting with a letter or underscore");
        }
    }

    /** Parses {@code postgresql://host:port/db?params} (also with a {@code vertx-reactive:} prefix). */
    public static DatabaseTarget fromReactiveUrl(String url) {
        String raw = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        URI uri = URI.create(raw);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Only PostgreSQL datasource URLs are supported, got scheme "
                    + uri.getScheme());
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new DatabaseTarget(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, uri.getQuery());
    }

    public String jdbcUrl() {
        return jdbcUrlFor(database);
    }

    /** The maintenance database on the same server, used to create ours when it is missing. */
    public String maintenanceJdbcUrl() {
        return jdbcUrlFor("postgres");
    }

    private String jdbcUrlFor(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + (query == null ? "" : "?" + query);
    }
}
