package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageRolesTest {

    static Stream<Arguments> decisions() {
        return Stream.of(
                // storage nodes already in the zone, limit (null = unset), role, reason
                Arguments.of(0, null, "storage", "zone z1 (region r1) has no limit on storage nodes"),
                Arguments.of(57, null, "storage", "has no limit"),
                Arguments.of(0, 2, "storage", "zone z1 (region r1) had 0 of at most 2 storage nodes"),
                Arguments.of(1, 2, "storage", "had 1 of at most 2"),
                Arguments.of(2, 2, "storageless", "zone z1 (region r1) already has 2 of at most 2 storage nodes"),
                Arguments.of(3, 2, "storageless", "already has 3 of at most 2"),
                Arguments.of(0, 1, "storage", "had 0 of at most 1"),
                Arguments.of(1, 1, "storageless", "already has 1 of at most 1"));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void storageWhileTheZoneHasFewerThanItsLimit(int inZone, Integer max, String role, String reason) {
        StorageRoles.Decision decision = StorageRoles.decide("r1", "z1", inZone,
                max == null ? OptionalInt.empty() : OptionalInt.of(max));

        assertThat(decision.role()).isEqualTo(role);
        assertThat(decision.reason()).contains(reason);
    }

    @Test
    void nodesWithoutAZoneShareOneZone() {
        assertThat(StorageRoles.zoneKey(null, null)).isEqualTo(StorageRoles.zoneKey(null, null)).isEqualTo("/");
        assertThat(StorageRoles.zoneKey("r1", "z1")).isNotEqualTo(StorageRoles.zoneKey("r2", "z1"));
        assertThat(StorageRoles.decide(null, null, 1, OptionalInt.of(1)).reason())
                .startsWith("the nodes without a zone already has");
    }
}
