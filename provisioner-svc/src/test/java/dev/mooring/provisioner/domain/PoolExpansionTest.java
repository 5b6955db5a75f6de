package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.PoolExpansion.Drive;
import dev.mooring.provisioner.domain.StorageSettings.ExpansionMode;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolExpansionTest {

    private static final long G = StorageSettings.GIB;

    private static StorageSettings settings(ExpansionMode mode, int maxDrives, long maxDriveGib) {
        return new StorageSettings(List.of(150 * G), OptionalInt.empty(), 80, maxDrives, maxDriveGib * G, mode);
    }

    private static List<Drive> drives(long... sizesGib) {
        return java.util.stream.IntStream.range(0, sizesGib.length)
                .mapToObj(i -> new Drive("d" + i, sizesGib[i] * G)).toList();
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // mode, maxDrives, maxDriveGiB, drives, used GiB, acted on crossing, expected
                Arguments.of(ExpansionMode.grow, 8, 2048, drives(150, 150), 239, false, "Below(crossingEnded=false)"),
                Arguments.of(ExpansionMode.grow, 8, 2048, drives(150, 150), 239, true, "Below(crossingEnded=true)"),
                Arguments.of(ExpansionMode.grow, 8, 2048, drives(150, 150), 240, true, "AlreadyActed"),
                Arguments.of(ExpansionMode.grow, 8, 2048, drives(150, 150), 240, false, "Grow d0 150->225, d1 150->225 = 450"),
                Arguments.of(ExpansionMode.grow, 8, 200, drives(150, 150), 260, false, "Grow d0 150->200, d1 150->200 = 400"),
                Arguments.of(ExpansionMode.grow, 8, 200, drives(200, 150), 300, false, "Grow d1 150->200 = 400"),
                Arguments.of(ExpansionMode.grow, 8, 200, drives(200, 200), 330, false, "Add 150"),
                Arguments.of(ExpansionMode.grow, 2, 200, drives(200, 200), 330, false,
                        "Blocked PoolAtLimits: Pool is 82% used (threshold 80%) and cannot grow: every drive is at "
                                + "maxDriveSizeGiB (200 GiB), and the pool has 2 drives, maxDrivesPerNode is 2"),
                Arguments.of(ExpansionMode.add, 8, 2048, drives(150, 150), 250, false, "Add 150"),
                Arguments.of(ExpansionMode.add, 8, 100, drives(100), 90, false, "Add 100"),
                Arguments.of(ExpansionMode.add, 2, 2048, drives(150, 150), 250, false, "Grow d0 150->225, d1 150->225 = 450"),
                Arguments.of(ExpansionMode.add, 1, 150, drives(150), 150, false,
                        "Blocked PoolAtLimits: Pool is 100% used (threshold 80%) and cannot grow: every drive is at "
                                + "maxDriveSizeGiB (150 GiB), and the pool has 1 drives, maxDrivesPerNode is 1"));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void growAddOrBlockedOncePerCrossing(ExpansionMode mode, int maxDrives, long maxDriveGib, List<Drive> drives,
                                         long usedGib, boolean acted, String expected) {
        long capacity = drives.stream().mapToLong(Drive::sizeBytes).sum();
        PoolExpansion.Decision decision = PoolExpansion.decide(usedGib * G, capacity, acted, drives,
                settings(mode, maxDrives, maxDriveGib));

        assertThat(describe(decision)).isEqualTo(expected);
    }

    @Test
    void anEmptyPoolIsNeverOver() {
        assertThat(PoolExpansion.over(0, 0, 80)).isFalse();
        assertThat(PoolExpansion.over(80, 100, 80)).isTrue();
        assertThat(PoolExpansion.over(79, 100, 80)).isFalse();
    }

    @Test
    void usageIsTheLargerOfWrittenAndAllocated() {
        assertThat(PoolUsage.used(10, 30)).isEqualTo(30);
        assertThat(PoolUsage.used(50, 30)).isEqualTo(50);
    }

    private static String describe(PoolExpansion.Decision decision) {
        if (decision instanceof PoolExpansion.Grow grow) {
            return "Grow " + String.join(", ", grow.resizes().stream().map(r -> r.drive() + " " + r.fromBytes() / G
                    + "->" + r.toBytes() / G).toList()) + " = " + grow.capacityBytes() / G;
        }
        if (decision instanceof PoolExpansion.Add add) {
            return "Add " + add.sizeBytes() / G;
        }
        if (decision instanceof PoolExpansion.Blocked blocked) {
            return "Blocked " + blocked.reason() + ": " + blocked.message();
        }
        if (decision instanceof PoolExpansion.AlreadyActed) {
            return "AlreadyActed";
        }
        return decision.toString().replace("PoolExpansion.", "").replace("Below[", "Below(").replace("]", ")");
    }
}
