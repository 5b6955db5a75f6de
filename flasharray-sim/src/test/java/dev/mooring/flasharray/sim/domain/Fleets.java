package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.ManualClock;
import dev.mooring.flasharray.sim.config.PodConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test fleets on a manual clock. */
final class Fleets {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fleets() {
    }

    static SimulatorConfig twoArrays(ManualClock clock) {
        return SimulatorConfig.defaults()
                .withArrays(List.of(ArrayConfig.named("array-a").withId("6c1b16ce-1c03-4d1c-8b2e-4f1a2b3c4d5e").withRealms("tenant1"),
                        ArrayConfig.named("array-b").withId("704f2c1a-9b3e-4c5d-8e6f-7a8b9c0d1e2f")))
                .withReplicationLinks(List.of(List.of("array-a", "array-b")))
                .withPods(List.of(new PodConfig("pod1", List.of("array-a", "array-b"), List.of("array-a"), null)))
                .withResyncDuration(Duration.ofSeconds(10))
                .withClock(clock);
    }

    static SimulatedFleet fleet(ManualClock clock) {
        return new SimulatedFleet(twoArrays(clock).validate());
    }
}
