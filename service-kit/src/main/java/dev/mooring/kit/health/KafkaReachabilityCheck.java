package dev.mooring.kit.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @ConfigProperty(name = "mooring.health.kafka-timeout", defaultValue = "2s")
    Duration timeout;

    private volatile Admin admin;

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin().describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("kafka").status(!nodes.isEmpty())
                        .withData("bootstrap.servers", bootstrapServers).withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(error -> HealthCheckResponse.named("kafka").down()
                        .withData("bootstrap.servers", bootstrapServers)
                        .withData("error", String.valueOf(error.getMessage())).build());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
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
