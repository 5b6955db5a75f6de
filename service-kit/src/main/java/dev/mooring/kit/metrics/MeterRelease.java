package dev.mooring.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * At shutdown, removes the {@code mooring.*} meters from the registry they were registered in. The registry Quarkus
 * injects can outlive one start of the application in the same JVM (the tests restart Quarkus for each profile), and a
 * meter registered again under the same name and tags is the old one: a gauge made at start would go on reading the
 * stopped application's state, or nothing. Released here, the next start registers its own.
 */
@ApplicationScoped
public class MeterRelease {

    @Inject
    MeterRegistry metrics;

    void release(@Observes ShutdownEvent event) {
        List<Meter> ours = metrics.getMeters().stream().filter(m -> m.getId().getName().startsWith("mooring.")).toList();
        ours.forEach(metrics::remove);
    }
}
