package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownVolumeStateTest {

    @ParameterizedTest(name = "{0} + VolumeProvisioned = {1}")
    @CsvSource(nullValues = "unknown", value = {"unknown, Provisioned", "Provisioned, Provisioned", "Deleted, Deleted"})
    void aDeletedVolumeIsNeverProvisionedAgain(KnownVolumeState before, KnownVolumeState after) {
        assertThat(KnownVolumeState.afterProvisioned(before)).isEqualTo(after);
    }

    @ParameterizedTest(name = "{0} + VolumeDeleted = Deleted")
    @CsvSource(nullValues = "unknown", value = {"unknown", "Provisioned", "Deleted"})
    void aDeletionAlwaysEndsInDeleted(KnownVolumeState before) {
        assertThat(KnownVolumeState.afterDeleted(before)).isEqualTo(KnownVolumeState.Deleted);
    }
}
