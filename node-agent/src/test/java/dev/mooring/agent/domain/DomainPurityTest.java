package dev.mooring.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.DomainPurity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent's domain package stays plain Java (CONVENTIONS.md). */
class DomainPurityTest {

    @Test
    void domainHasNoFrameworkImports() {
        assertThat(DomainPurity.violations(Path.of("src/main/java/dev/mooring/agent/domain"))).isEmpty();
    }
}
