package dev.mooring.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the test JVM's Kafka broker when the JUnit session ends — after the last test and its Quarkus
 * application, before the JVM's shutdown hooks, which run in no fixed order and could delete the broker's
 * directories under it. Registered through {@code META-INF/services}.
 */
public class StopBrokerAtSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaBroker.stopShared();
    }
}
