package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArrayVolumeNamesTest {

    private static final UUID ID = UUID.fromString("1b2c3d4e-0000-4000-8000-000000000001");

    @Test
    void theNameIsReadableAndCarriesTheVolumeIdFragment() {
        assertThat(ArrayVolumeNames.nameFor("mooring", "orders-db", ID)).isEqualTo("mooring-orders-db-1b2c3d4e");
    }

    @Test
    void theSameVolumeAlwaysGetsTheSameName() {
        assertThat(ArrayVolumeNames.nameFor("mooring", "a.b_c", ID)).isEqualTo(ArrayVolumeNames.nameFor("mooring", "a.b_c", ID))
                .isEqualTo("mooring-a-b-c-1b2c3d4e");
    }

    @Test
    void longNamesAreShortenedWithinTheArrayLimitAndStayDistinct() {
        String longName = "x".repeat(200);
        String a = ArrayVolumeNames.nameFor("mooring", longName + "a", ID);
        String b = ArrayVolumeNames.nameFor("mooring", longName + "b", ID);

        assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[-a-zA-Z0-9]+").endsWith("-1b2c3d4e");
        assertThat(a).isNotEqualTo(b);
    }
}
