package dev.mooring.provisioner;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Tests only: registers the PostgreSQL driver from this application's class loader before the database
 * bootstrap asks DriverManager for a connection. When the test JVM boots a further Quarkus application (a
 * test profile), DriverManager knows only the first application's driver, which the new class loader may not
 * use: "No suitable driver". (service-kit's DatabaseBootstrap could load the driver itself; reported.)
 */
@ApplicationScoped
public class PostgresDriverFirst {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event)
            throws ClassNotFoundException {
        Class.forName("org.postgresql.Driver", true, Thread.currentThread().getContextClassLoader());
    }
}
