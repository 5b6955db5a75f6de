package dev.mooring.flasharray.sim.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain stays pure (no Vert.x, no HTTP, no Quarkus) and core packages carry no CDI annotations. */
class DomainPurityTest {
    private static final Path ROOT = Path.of("src/main/java/dev/mooring/flasharray/sim");

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void domainImportsNoFrameworks() throws IOException {
        for (Path p : sources(ROOT.resolve("domain"))) {
            String text = Files.readString(p);
            assertThat(text).as(p.toString()).doesNotContain("import io.vertx", "import io.quarkus", "import jakarta",
                    "dev.mooring.flasharray.sim.api", "dev.mooring.flasharray.sim.admin");
        }
    }

    @Test
    void onlyTheAppPackageUsesCdi() throws IOException {
        for (Path p : sources(ROOT)) {
            if (p.startsWith(ROOT.resolve("app"))) {
                continue;
            }
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import jakarta.enterprise", "import jakarta.inject", "import io.quarkus");
        }
    }
}
