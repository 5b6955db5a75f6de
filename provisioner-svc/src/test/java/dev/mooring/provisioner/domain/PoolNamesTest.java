package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolNamesTest {

    @Test
    void driveNamesAreDeterministicReadableAndWithinFlashArrayRules() {
        String name = PoolNames.driveName("mooring", PoolNames.poolId("worker-1.example.com"), 0);

        assertThat(name).isEqualTo(PoolNames.driveName("mooring", "pool-worker-1.example.com", 0))
                .startsWith("mooring-worker-1-example-com-").endsWith("-d0").matches("[-a-zA-Z0-9]{1,63}");
        assertThat(PoolNames.driveName("mooring", "pool-worker-1.example.com", 1)).endsWith("-d1");
    }

    @Test
    void longNodeNamesAreShortenedAndStillApart() {
        String a = PoolNames.driveName("mooring", PoolNames.poolId("n".repeat(100) + "a"), 0);
        String b = PoolNames.driveName("mooring", PoolNames.poolId("n".repeat(100) + "b"), 0);

        assertThat(a).hasSize(63).isNotEqualTo(b);
        assertThat(b).hasSize(63);
    }
}
