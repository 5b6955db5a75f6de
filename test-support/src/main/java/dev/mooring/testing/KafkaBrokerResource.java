package dev.mooring.testing;

import dev.mooring.events.Topic;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code @QuarkusTestResource(KafkaBrokerResource.class)}: points the service at the JVM's real broker, connected as
 * its own Kafka user ({@code quarkus.application.name}) with exactly the rights a cluster gives it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Config config = ConfigProvider.getConfig();
        String service = config.getOptionalValue("quarkus.application.name", String.class).orElse("mooring");
        Set<Topic> consumes = Arrays.stream(config.getOptionalValue("mooring.kafka.consumes", String.class).orElse("")
                        .split(","))
                .map(String::trim).filter(channel -> !channel.isEmpty())
                .map(channel -> Topic.byChannel(channel)
                        .orElseThrow(() -> new IllegalArgumentException("mooring.kafka.consumes: unknown " + channel)))
                .collect(Collectors.toSet());
        return KafkaBroker.shared().serviceSettings(service, consumes);
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped at JVM exit.
    }
}
