package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's documentation stands on its own: every relative link in every {@code *.md} of the repository names a
 * file or directory of the repository, none reaches outside it.
 */
class DocLinksTest {

    /** {@code [text](target)} and {@code [label]: target}; the target up to a space, a closing parenthesis or a '#'. */
    private static final Pattern INLINE = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");

    private final Path root = Stack.findRoot().toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkInTheDocumentationResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> documents = documents();
        assertThat(documents).as("the documents found").contains(root.resolve("README.md"), root.resolve("docs/security.md"));
        for (Path document : documents) {
            String text = withoutCode(Files.readString(document));
            for (String target : targets(text)) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // https:, mailto:, an anchor of the same page
                }
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = document.getParent().resolve(path).normalize();
                if (!resolved.startsWith(root)) {
                    broken.add(root.relativize(document) + ": " + target + " leaves the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(root.relativize(document) + ": " + target + " does not exist");
                }
            }
        }
        assertThat(broken).as("relative links in the documentation").isEmpty();
    }

    private List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> !isIgnored(root.relativize(f)))
                    .toList();
        }
    }

    /** Build output, dependencies and the local stack's work directory are not the project's documents. */
    private static boolean isIgnored(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".") || name.equals("work")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> targets(String text) {
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE, REFERENCE)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                targets.add(matcher.group(1));
            }
        }
        return targets;
    }

    /** Code blocks and spans show commands and code, not links. */
    private static String withoutCode(String text) {
        return text.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\\n]*`", "");
    }
}
