package dev.mooring.kit.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The spans a test saw: Quarkus exports to every {@code SpanExporter} bean (used only where a test turns the SDK on). */
public class RecordedSpans {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
