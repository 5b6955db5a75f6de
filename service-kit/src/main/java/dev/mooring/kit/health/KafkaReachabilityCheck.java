package dev.mooring.kit.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import dev.mooring.kit.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness reflects whether the Kafka broker answers now (the outbox relay and consumers need it). */
@Readiness
@ApplicationScoped
public class KafkaReachabilityCheck implements AsyncHealthCheck {

    @Inject
    KafkaClients clients;

    /** Limit of the readiness check's attempt to reach the broker. */
    @ConfigProperty(name = "mooring.health.kafka-timeout", defaultValue = "2s")
    Duration timeout;

    private volatile Admin admin;

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin().describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("kafka").status(!nodes.isEmpty())
                        .withData("bootstrap.servers", clients.bootstrapServers()).withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(error -> HealthCheckResponse.named("kafka").down()
                        .withData("bootstrap.servers", clients.bootstrapServers())
                        .withData("error", String.valueOf(error.getMessage())).build());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(clients.config(Map.of(
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
