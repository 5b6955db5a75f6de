package dev.mooring.devstack.configdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mooring.devstack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/configuration.md is what {@link ConfigReference} makes of the sources today, and names every key the parts'
 * application.properties set; {@code -Dmooring.docs.write=true} writes it instead of comparing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the sources are read once for all three checks
class ConfigurationReferenceTest {

    private final Path root = Stack.findRoot().toAbsolutePath().normalize();
    private final ConfigReference reference = new ConfigReference(root);

    @Test
    void theDocumentIsTheReferenceGeneratedFromTheSources() throws IOException {
        String generated = reference.render();
        Path document = root.resolve(ConfigReference.DOCUMENT);
        if (Boolean.getBoolean("mooring.docs.write")) {
            Files.writeString(document, generated);
        }
        String written = Files.exists(document) ? Files.readString(document) : "";
        if (!written.equals(generated)) {
            fail(ConfigReference.DOCUMENT + " is stale (first difference at line " + firstDifference(written, generated)
                    + "); regenerate it with:\n  " + ConfigReference.COMMAND);
        }
    }

    @Test
    void everyMooringKeyAnApplicationPropertiesSetsIsInTheReference() throws IOException {
        List<Pattern> known = reference.keys().stream().map(ConfigurationReferenceTest::pattern).toList();
        TreeSet<String> unknown = new TreeSet<>();
        for (String part : ConfigReference.DEPLOYABLES) {
            Path file = root.resolve(part).resolve("src/main/resources/application.properties");
            for (String key : mooringKeys(file)) {
                if (known.stream().noneMatch(p -> p.matcher(key).matches())) {
                    unknown.add(part + ": " + key);
                }
            }
        }
        assertThat(unknown).as("keys set in application.properties that no part reads (or the generator misses)")
                .isEmpty();
    }

    @Test
    void theReferenceHasTheKeysOperatorsLookFor() {
        assertThat(reference.keys()).contains("mooring.api.tokens", "mooring.arrays.secret.name",
                "mooring.storage.config-map.namespace", "mooring.health.takeover-pause.mass-silence-share",
                "mooring.agent.host.iscsi.replacement-timeout", "mooring.kafka.consumes",
                "quarkus.datasource.reactive.url");
        assertThat(ConfigReference.environment("mooring.api.node-agents.cache-ttl"))
                .isEqualTo("MOORING_API_NODE_AGENTS_CACHE_TTL");
    }

    private static List<String> mooringKeys(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return keys;
        }
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || equals < 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip().replaceFirst("^%[a-z-]+\\.", "");
            if (key.startsWith("mooring.")) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** A reference key as a pattern: {@code <key>} and {@code <n>} stand for any name or index. */
    private static Pattern pattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("(?=<)|(?<=>)")) {
            regex.append(part.startsWith("<") ? "[^\\]]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static int firstDifference(String written, String generated) {
        String[] a = written.split("\n", -1);
        String[] b = generated.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) {
            i++;
        }
        return i + 1;
    }
}
