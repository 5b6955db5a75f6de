package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.OwnedArrayNames.Kind;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which array volumes are provably the provisioner's, by name alone. */
class OwnedArrayNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "mooring-orders-db-1a2b3c4d, VOLUME",
            "pod1::mooring-vm-disk-0f0f0f0f, POD_VOLUME",
            "realm1::pod1::mooring-vm-disk-0f0f0f0f, POD_VOLUME",
            "mooring-node-1-abcdef-d0, DRIVE",
            "mooring-node-1-abcdef-d12, DRIVE",
            "pod1::mooring-node-1-abcdef-d0, none",
            "customer-db, none",
            "mooring-no-id-part, none",
            "mooringx-orders-1a2b3c4d, none",
            "other-mooring-orders-1a2b3c4d, none",
            "mooring-orders-1A2B3C4D, none",
            "mooring--1a2b3c4, none",
    })
    void classifies(String name, String kind) {
        assertThat(OwnedArrayNames.classify("mooring", name))
                .isEqualTo(kind == null ? Optional.empty() : Optional.of(Kind.valueOf(kind)));
    }

    @Test
    void everyNameTheProvisionerGivesIsItsOwn() {
        UUID id = UUID.randomUUID();
        assertThat(OwnedArrayNames.classify("mooring", ArrayVolumeNames.nameFor("mooring", "orders.db_x", id)))
                .contains(Kind.VOLUME);
        assertThat(OwnedArrayNames.classify("mooring", "pod1::" + ArrayVolumeNames.nameFor("mooring",
                "a-very-long-name-".repeat(5), id))).contains(Kind.POD_VOLUME);
        assertThat(OwnedArrayNames.classify("mooring", PoolNames.driveName("mooring", PoolNames.poolId("node-7"), 3)))
                .contains(Kind.DRIVE);
        assertThat(OwnedArrayNames.classify("acme", ArrayVolumeNames.nameFor("mooring", "x", id))).isEmpty();
    }
}
