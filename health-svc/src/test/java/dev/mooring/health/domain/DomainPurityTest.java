package dev.mooring.health.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.DomainPurity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DomainPurityTest {

    @Test
    void theDomainPackageIsPlainJava() {
        assertThat(DomainPurity.violations(Path.of("src/main/java/dev/mooring/health/domain"))).isEmpty();
    }
}
