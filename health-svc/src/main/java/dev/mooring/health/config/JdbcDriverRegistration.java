package dev.mooring.health.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Loads the PostgreSQL JDBC driver class of this application before service-kit's DatabaseBootstrap (which runs
 * Flyway over JDBC) needs it. {@code java.sql.DriverManager} scans for drivers once per JVM and hands a caller
 * only drivers whose class its own class loader sees; when a second Quarkus application starts in the same JVM
 * (a test with another profile), the first application's registered driver is invisible to it and "No suitable
 * driver" follows. Loading the class registers this application's copy. Harmless in a normal process.
 */
@ApplicationScoped
public class JdbcDriverRegistration {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        try {
            Class.forName("org.postgresql.Driver", true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The PostgreSQL JDBC driver is not on the class path", e);
        }
    }
}
