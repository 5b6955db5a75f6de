package dev.mooring.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The producer table decides the broker's ACLs and which {@code source} a consumer believes, so it must say what the
 * services' code does: each event type is built by its producer's code and by no other service, and each service
 * consumes exactly the topics its {@code mooring.kafka.consumes} names.
 */
class ProducerTableTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void eachEventTypeIsBuiltOnlyByItsProducer() {
        for (var type : EventCatalog.eventTypes()) {
            Pattern built = Pattern.compile("\\b" + type.getSimpleName() + "\\.newBuilder\\(\\)");
            Set<Producer> builders = Arrays.stream(Producer.values())
                    .filter(producer -> sources(producer).anyMatch(text -> built.matcher(text).find()))
                    .collect(Collectors.toSet());
            assertThat(builders).as("services whose code builds %s", type.getSimpleName())
                    .containsExactly(EventCatalog.producerOf(type));
        }
    }

    @Test
    void eachServiceConsumesWhatItsConfigurationNames() throws IOException {
        for (Producer producer : Producer.values()) {
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(module(producer).resolve("src/main/resources/application.properties"))) {
                properties.load(in);
            }
            Set<String> configured = new TreeSet<>();
            for (String channel : properties.getProperty("mooring.kafka.consumes", "").split(",")) {
                if (!channel.isBlank()) {
                    configured.add(channel.trim());
                }
            }
            Set<String> tabled = producer.consumes().stream().map(Topic::channel)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(tabled).as("%s consumes", producer.serviceName()).isEqualTo(configured);
        }
    }

    @Test
    void topicsWrittenFollowFromTheEventsProduced() {
        assertThat(Producer.TOPOLOGY.produces()).containsExactly(Topic.NODES);
        assertThat(Producer.HEALTH.produces()).containsExactlyInAnyOrder(Topic.NODES, Topic.ARRAYS);
        assertThat(Producer.byServiceName("attach-svc")).contains(Producer.ATTACH);
        assertThat(Producer.byServiceName("intruder")).isEmpty();
    }

    private static Path module(Producer producer) {
        return ROOT.resolve(producer.serviceName());
    }

    private static Stream<String> sources(Producer producer) {
        try (Stream<Path> files = Files.walk(module(producer).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).map(ProducerTableTest::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
