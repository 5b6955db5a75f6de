package dev.mooring.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings every Kafka client of the kit starts from — the same {@code kafka.*} configuration the channels
 * get (bootstrap servers, and TLS and SASL settings where the broker asks for them) — so the relay's producer, the
 * topic creation and the readiness check connect exactly as the consumers do.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> defaults;

    /** The common settings plus {@code extra} (which wins). */
    public Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        defaults.forEach((key, value) -> {
            // Quarkus' own keys under kafka.* (health, devservices, snappy…) are not client settings.
            if (!key.startsWith("health") && !key.startsWith("devservices") && !key.startsWith("snappy")) {
                config.put(key, value);
            }
        });
        config.putAll(extra);
        return config;
    }

    /** Where the broker is, for messages (never a credential). */
    public String bootstrapServers() {
        return String.valueOf(defaults.getOrDefault("bootstrap.servers", "127.0.0.1:9092"));
    }
}
