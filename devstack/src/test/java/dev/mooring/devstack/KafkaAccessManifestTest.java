package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mooring.events.Producer;
import dev.mooring.kafka.access.ServiceAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base/kafka.yaml} and the services' Deployments against the producer table: the cluster takes only
 * authenticated TLS clients and authorizes them; each service has a KafkaUser granting exactly the ACLs that the local
 * stack and every test broker grant it ({@link ServiceAccess}), and connects as that user and no other.
 */
class KafkaAccessManifestTest {

    private final Path base = Stack.findRoot().resolve("k8s/base");

    @Test
    void theBrokerTakesOnlyTlsClientsThatAuthenticateAndAuthorizesThem() throws IOException {
        JsonNode kafka = only(documents("kafka.yaml"), "Kafka", "mooring-kafka").path("spec").path("kafka");
        assertThat(kafka.path("listeners")).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.path("tls").asBoolean()).as("listener %s is TLS", listener.path("name")).isTrue();
            assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        });
        assertThat(kafka.path("authorization").path("type").asText()).isEqualTo("simple");
    }

    @Test
    void eachServiceHasAKafkaUserWithExactlyItsRights() throws IOException {
        List<JsonNode> documents = documents("kafka.yaml");
        for (Producer producer : Producer.values()) {
            JsonNode user = only(documents, "KafkaUser", producer.serviceName());
            assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                assertThat(acl.path("type").asText("allow")).isEqualTo("allow");
                assertThat(acl.path("resource").path("patternType").asText()).isEqualTo("literal");
                for (JsonNode operation : acl.path("operations")) {
                    granted.add(acl.path("resource").path("type").asText() + " " + acl.path("resource").path("name").asText()
                            + " " + operation.asText().toUpperCase(Locale.ROOT));
                }
            }
            Set<String> expected = new TreeSet<>();
            ServiceAccess.of(producer).acls().forEach(binding -> expected.add(
                    binding.pattern().resourceType().name().toLowerCase(Locale.ROOT) + " " + binding.pattern().name()
                            + " " + binding.entry().operation().name()));
            assertThat(granted).as("ACLs of KafkaUser %s", producer.serviceName()).isEqualTo(expected);
        }
        assertThat(documents.stream().filter(d -> d.path("kind").asText().equals("KafkaUser")))
                .as("no KafkaUser beyond the services'").hasSize(Producer.values().length);
    }

    @Test
    void eachServiceConnectsOverTlsAsItsOwnUserTrustingTheClusterCa() throws IOException {
        for (Producer producer : Producer.values()) {
            JsonNode deployment = only(documents(producer.serviceName() + ".yaml"), "Deployment", producer.serviceName());
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            assertThat(env(container, "KAFKA_BOOTSTRAP_SERVERS")).hasValueSatisfying(v -> assertThat(v).endsWith(":9093"));
            assertThat(env(container, "KAFKA_SECURITY_PROTOCOL")).contains("SASL_SSL");
            assertThat(env(container, "KAFKA_SASL_MECHANISM")).contains("SCRAM-SHA-512");
            JsonNode jaas = envVar(container, "KAFKA_SASL_JAAS_CONFIG").orElseThrow().path("valueFrom").path("secretKeyRef");
            assertThat(jaas.path("name").asText()).as("%s's credentials", producer.serviceName())
                    .isEqualTo(producer.serviceName());
            assertThat(jaas.path("key").asText()).isEqualTo("sasl.jaas.config");
            String truststore = env(container, "KAFKA_SSL_TRUSTSTORE_LOCATION").orElseThrow();
            JsonNode mount = find(container.path("volumeMounts"), m -> truststore.startsWith(m.path("mountPath").asText()))
                    .orElseThrow(() -> new AssertionError(producer.serviceName() + ": the truststore is not mounted"));
            JsonNode volume = find(pod.path("volumes"), v -> v.path("name").asText().equals(mount.path("name").asText()))
                    .orElseThrow();
            assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("mooring-kafka-cluster-ca-cert");
        }
    }

    private List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(base.resolve(file).toFile())) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isMissingNode() && !node.isNull()) {
                    documents.add(node);
                }
            }
        }
        return documents;
    }

    private static JsonNode only(List<JsonNode> documents, String kind, String name) {
        List<JsonNode> found = documents.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static Optional<String> env(JsonNode container, String name) {
        return envVar(container, name).filter(v -> v.has("value")).map(v -> v.path("value").asText());
    }

    private static Optional<JsonNode> envVar(JsonNode container, String name) {
        return find(container.path("env"), v -> v.path("name").asText().equals(name));
    }

    private static Optional<JsonNode> find(JsonNode array, java.util.function.Predicate<JsonNode> match) {
        for (JsonNode node : array) {
            if (match.test(node)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }
}
