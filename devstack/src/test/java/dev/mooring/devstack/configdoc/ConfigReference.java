package dev.mooring.devstack.configdoc;

import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/configuration.md}: every configuration key of every deployable part, generated from the
 * sources ({@link ConfigSources}) so that the reference cannot drift from the code ({@code ConfigurationReferenceTest}
 * fails when the file is stale).
 */
final class ConfigReference {

    /** Where the reference lives, relative to the repository's root. */
    static final String DOCUMENT = "docs/configuration.md";

    /** What regenerates it. */
    static final String COMMAND = "./mvnw -B -pl devstack -am test -Dtest=ConfigurationReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmooring.docs.write=true";

    /** The libraries whose keys the parts share, in the order the reference shows them. */
    static final List<String> LIBRARIES = List.of("service-kit", "kit-background", "kit-security", "kafka-access",
            "events-schema", "flasharray-client");

    /** What runs: the four services, the node agent and the simulator. */
    static final List<String> DEPLOYABLES = List.of("provisioner-svc", "attach-svc", "health-svc", "topology-svc",
            "node-agent", "flasharray-sim");

    private final Path root;
    private final ConfigSources sources;
    private final ModuleGraph graph;
    private final Map<String, List<SettingGroup>> groups = new LinkedHashMap<>();

    ConfigReference(Path root) {
        this.root = root;
        List<String> modules = new ArrayList<>(LIBRARIES);
        modules.addAll(DEPLOYABLES);
        this.sources = new ConfigSources(root, modules);
        this.graph = new ModuleGraph(root, modules);
        modules.forEach(m -> groups.put(m, sources.groupsOf(m)));
    }

    /** Keys read by a name made at run time, which no declaration shows (listed by hand in {@link Texts}). */
    static final List<String> READ_BY_NAME = List.of("mooring.leader.<name>.ttl", "mooring.leader.<name>.renew-interval");

    /** Every key of the reference (with {@code <key>}, {@code <name>} and {@code <n>} where the operator chooses). */
    List<String> keys() {
        List<String> keys = new ArrayList<>(READ_BY_NAME);
        groups.values().stream().flatMap(List::stream).flatMap(g -> g.settings().stream()).map(Setting::key)
                .forEach(keys::add);
        return keys.stream().distinct().toList();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(Texts.INTRO.replace("{command}", COMMAND));
        overview(out);
        out.append(Texts.OPERATOR_SETTINGS);
        for (String library : LIBRARIES) {
            if (!groups.get(library).isEmpty()) {
                out.append("\n## ").append(library).append("\n\n")
                        .append("Read by ").append(readersOf(library)).append(".\n");
                groups.get(library).forEach(g -> group(out, library, g));
            }
        }
        for (String part : DEPLOYABLES) {
            out.append("\n## ").append(part).append("\n\n").append(sharedNote(part)).append('\n');
            groups.get(part).forEach(g -> group(out, part, g));
            applicationProperties(out, part);
        }
        return out.toString();
    }

    private void overview(StringBuilder out) {
        out.append("\n## Which part reads which keys\n\n| part | its own keys | shared keys (libraries it runs with) |\n"
                + "| --- | --- | --- |\n");
        for (String part : DEPLOYABLES) {
            String own = groups.get(part).stream().map(g -> link(part, g)).collect(Collectors.joining(", "));
            String shared = shared(part).stream().map(l -> "[" + l + "](#" + l + ")").collect(Collectors.joining(", "));
            out.append("| [").append(part).append("](#").append(part).append(") | ").append(own.isEmpty() ? "—" : own)
                    .append(" | ").append(shared.isEmpty() ? "—" : shared).append(" |\n");
        }
    }

    private List<String> shared(String part) {
        return graph.closureOf(part).stream().filter(LIBRARIES::contains).filter(l -> !groups.get(l).isEmpty())
                .toList();
    }

    private String readersOf(String library) {
        List<String> readers = DEPLOYABLES.stream().filter(p -> graph.closureOf(p).contains(library)).toList();
        return readers.isEmpty() ? "no deployable part" : String.join(", ", readers);
    }

    private String sharedNote(String part) {
        List<String> shared = shared(part);
        if (shared.isEmpty()) {
            return "Reads only its own keys.";
        }
        return "Also reads the keys of " + shared.stream().map(l -> "[" + l + "](#" + l + ")")
                .collect(Collectors.joining(", ")) + ".";
    }

    private static String link(String module, SettingGroup group) {
        String label = group.source().isEmpty() ? "others" : "`" + group.title() + "`";
        return "[" + label + "](#" + anchor(module, group) + ")";
    }

    private static String anchor(String module, SettingGroup group) {
        String title = group.source().isEmpty() ? "other-keys" : group.title();
        return module + "-" + title.replaceAll("[^a-zA-Z0-9]+", "-");
    }

    private void group(StringBuilder out, String module, SettingGroup group) {
        out.append("\n<a id=\"").append(anchor(module, group)).append("\"></a>\n\n");
        if (group.source().isEmpty()) {
            out.append("### ").append(group.title()).append("\n\n")
                    .append("Read one by one (`@ConfigProperty`), not through a mapping.\n\n");
        } else {
            String file = group.source().substring(group.source().lastIndexOf('/') + 1);
            out.append("### `").append(group.title()).append(".*`\n\n")
                    .append("[`").append(file).append("`](../").append(group.source()).append(")");
            out.append(group.description().isEmpty() ? "." : ": " + group.description());
            out.append("\n\n");
        }
        out.append("| key | type | default | environment variable | meaning |\n| --- | --- | --- | --- | --- |\n");
        for (Setting s : group.settings()) {
            out.append("| `").append(s.key()).append("` | ").append(Markdown.cell(s.type())).append(" | ")
                    .append(Markdown.cell(Markdown.code(s.defaultValue()))).append(" | `").append(environment(s.key()))
                    .append("` | ").append(Markdown.cell(s.description().isEmpty() ? "—" : s.description()))
                    .append(" |\n");
        }
    }

    /** The part's own application.properties, outside the dev and test profiles: what it sets for production. */
    private void applicationProperties(StringBuilder out, String part) {
        Path file = root.resolve(part).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String[]> set = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("%") || equals < 0) {
                    continue;
                }
                set.add(new String[] {trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.append("\n### Set in [`").append(part).append("/src/main/resources/application.properties`](../").append(part)
                .append("/src/main/resources/application.properties)\n\n")
                .append("Outside the `%dev` and `%test` profiles; an environment variable or system property still wins.\n\n")
                .append("| key | value |\n| --- | --- |\n");
        for (String[] kv : set) {
            out.append("| `").append(kv[0]).append("` | ").append(Markdown.cell(Markdown.code(kv[1]))).append(" |\n");
        }
    }

    /** A placeholder of a key: {@code <key>}, {@code <name>} (a map's key) or {@code <n>} (a list's index). */
    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z]+)>");

    /**
     * SmallRye's rule, applied to the whole key: upper case, every character other than a letter or digit an
     * underscore; a placeholder stays one, upper-cased ({@code MOORING_LEADER_<NAME>_TTL}).
     */
    static String environment(String key) {
        String marked = PLACEHOLDER.matcher(key).replaceAll("zz$1zz");
        String variable = StringUtil.replaceNonAlphanumericByUnderscores(marked).toUpperCase(Locale.ROOT);
        Matcher marker = Pattern.compile("ZZ([A-Z]+)ZZ").matcher(variable);
        return marker.replaceAll("<$1>");
    }

    /** Writes the reference into the repository (what the test's {@code -Dmooring.docs.write=true} does). */
    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : dev.mooring.devstack.Stack.findRoot();
        Files.writeString(root.resolve(DOCUMENT), new ConfigReference(root).render());
    }
}
