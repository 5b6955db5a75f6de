package dev.mooring.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Tracing on (it is off by default), exported within 50 ms to the {@code SpanExporter} beans: a test declares an
 * {@code InMemorySpanExporter} producer in its module and reads the spans from it.
 */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
    }
}
