package dev.mooring.flasharray.sim;

import dev.mooring.flasharray.sim.config.ConfigException;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An array may offer only REST versions whose response models the simulator carries. */
class ModelledVersionsTest {

    @Test
    void aVersionNewerThanTheModelsIsRefusedAtStartNamingTheField() {
        SimulatorConfig config = SimulatorConfig.twoArraysWithStretchedPod()
                .withArray("array-b", b -> b.withRestVersions("1.0-1.19", "2.0-2.40"));
        assertThatThrownBy(() -> FlashArraySimulator.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("arrays[1].restVersions: 2.37 is newer than the newest REST version")
                .hasMessageContaining("(2.36)");
    }
}
