package dev.mooring.devstack.configdoc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which of the repository's modules a deployable runs with: its non-test dependencies among them, transitively. */
final class ModuleGraph {

    private static final Pattern DEPENDENCY = Pattern.compile("(?s)<dependency>(.*?)</dependency>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    private final Path root;
    private final List<String> modules;

    ModuleGraph(Path root, List<String> modules) {
        this.root = root;
        this.modules = modules;
    }

    /** The module itself first, then what it depends on, in the order of {@code modules}. */
    List<String> closureOf(String module) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(directDependencies(next));
            }
        }
        List<String> closure = new ArrayList<>(List.of(module));
        modules.stream().filter(seen::contains).filter(m -> !m.equals(module)).forEach(closure::add);
        return closure;
    }

    private List<String> directDependencies(String module) {
        String pom;
        try {
            pom = Files.readString(root.resolve(module).resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> found = new LinkedHashSet<>();
        Matcher dependency = DEPENDENCY.matcher(pom);
        while (dependency.find()) {
            String block = dependency.group(1).replaceAll("(?s)<exclusions>.*?</exclusions>", "");
            Matcher artifact = ARTIFACT.matcher(block);
            if (!block.contains("<scope>test</scope>") && artifact.find() && modules.contains(artifact.group(1))) {
                found.add(artifact.group(1));
            }
        }
        return List.copyOf(found);
    }
}
