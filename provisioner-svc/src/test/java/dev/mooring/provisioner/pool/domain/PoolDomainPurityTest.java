package dev.mooring.provisioner.pool.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.DomainPurity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PoolDomainPurityTest {

    @Test
    void thePoolDomainPackageIsPlainJava() {
        assertThat(DomainPurity.violations(Path.of("src/main/java/dev/mooring/provisioner/pool/domain"))).isEmpty();
    }
}
