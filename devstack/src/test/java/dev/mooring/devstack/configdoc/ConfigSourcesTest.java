package dev.mooring.devstack.configdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes of mapping SmallRye knows, as the reference names their keys — including those Mooring has none of yet. */
class ConfigSourcesTest {

    @TempDir
    Path root;

    @Test
    void nestedGroupsMapsListsOptionalsAndRenamedMembersGetSmallRyesNames() throws IOException {
        write("demo/src/main/java/demo/DemoConfig.java", """
                package demo;

                import io.smallrye.config.ConfigMapping;
                import io.smallrye.config.WithDefault;
                import io.smallrye.config.WithName;
                import io.smallrye.config.WithParentName;
                import java.time.Duration;
                import java.util.List;
                import java.util.Map;
                import java.util.Optional;

                /** A demo. */
                @ConfigMapping(prefix = Names.PREFIX)
                public interface DemoConfig {

                    /** How long, e.g. {@code 5s}; see {@link Other#thing the other}. */
                    @WithDefault("5s")
                    Duration maxWaitTimeURL();

                    /** Renamed. */
                    @WithName("iscsi.queue-depth")
                    @WithDefault("32")
                    int queueDepth();

                    Optional<List<String>> adminTokens();

                    /** Per pool. */
                    Map<String, Pool> pools();

                    /** Flattened into the prefix. */
                    @WithParentName
                    Flat flat();

                    List<Endpoint> endpoints();

                    default String notAKey() {
                        return "";
                    }

                    interface Pool {
                        /** Its size in GiB ({@code <GiB>}). */
                        long size();
                    }

                    interface Flat {
                        /** A kind. */
                        @WithDefault("a")
                        Kind kind();
                    }

                    interface Endpoint {
                        /** Where. */
                        String url();
                    }

                    enum Kind { a, b }
                }
                """);
        write("demo/src/main/java/demo/Names.java", """
                package demo;

                final class Names {
                    static final String PREFIX = "demo.app";
                    static final String KEY = "demo.loose";
                }
                """);
        write("demo/src/main/java/demo/Reader.java", """
                package demo;

                import org.eclipse.microprofile.config.inject.ConfigProperty;

                /** Reads one key. More words here. */
                class Reader {
                    @ConfigProperty(name = Names.KEY, defaultValue = "" + 12)
                    int loose;
                }
                """);

        List<SettingGroup> groups = new ConfigSources(root, List.of("demo")).groupsOf("demo");

        assertThat(groups).extracting(SettingGroup::title).containsExactly("demo.app", "Other keys demo reads");
        assertThat(groups.get(0).settings()).containsExactly(
                new Setting("demo.app.max-wait-time-url", "duration", "5s", "How long, e.g. `5s`; see the other."),
                new Setting("demo.app.iscsi.queue-depth", "integer", "32", "Renamed."),
                new Setting("demo.app.admin-tokens", "list of string", "none", ""),
                new Setting("demo.app.pools.<key>.size", "integer", "required", "Its size in GiB (`<GiB>`)."),
                new Setting("demo.app.kind", "one of `a`, `b`", "a", "A kind."),
                new Setting("demo.app.endpoints[<n>].url", "string", "required", "Where."));
        assertThat(groups.get(1).settings()).containsExactly(
                new Setting("demo.loose", "integer", "12", "Read by `Reader`: Reads one key."));
    }

    @Test
    void environmentVariablesFollowSmallRyesRuleAndKeepPlaceholders() {
        assertThat(ConfigReference.environment("mooring.arrays.secret.key")).isEqualTo("MOORING_ARRAYS_SECRET_KEY");
        assertThat(ConfigReference.environment("demo.app.pools.<key>.size")).isEqualTo("DEMO_APP_POOLS_<KEY>_SIZE");
        assertThat(ConfigReference.environment("demo.app.endpoints[<n>].url")).isEqualTo("DEMO_APP_ENDPOINTS_<N>__URL");
        assertThat(ConfigReference.environment("quarkus.log.category.\"<key>\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__<KEY>__LEVEL");
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
