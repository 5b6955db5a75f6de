package dev.mooring.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** {@code @QuarkusTestResource(KafkaBrokerResource.class)}: points the service at the JVM's real broker. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped at JVM exit.
    }
}
