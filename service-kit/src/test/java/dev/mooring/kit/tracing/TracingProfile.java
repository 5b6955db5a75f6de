package dev.mooring.kit.tracing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Tracing on (it is off by default), exported at once to the in-memory exporter of {@link RecordedSpans}. */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
    }
}
