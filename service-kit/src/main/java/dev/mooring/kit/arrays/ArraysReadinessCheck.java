package dev.mooring.kit.arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says whether the service can reach any FlashArray: a service that works with arrays is not
 * ready while none of pure.json's arrays is registered (none configured yet, all unreachable, all tokens
 * refused). The data names each array's state, never a token. Always up with {@code source=none}.
 */
@Readiness
@ApplicationScoped
public class ArraysReadinessCheck implements HealthCheck {

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraysConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("flasharrays");
        if (config.source() == ArraysConfig.Source.none) {
            return response.up().withData("source", "none").build();
        }
        List<RegisteredArray> arrays = directory.arrays();
        long registered = arrays.stream().filter(RegisteredArray::registered).count();
        response.withData("source", config.source().name()).withData("registered", registered)
                .withData("configured", arrays.size());
        for (RegisteredArray array : arrays) {
            response.withData(array.displayName(), array.registered() ? "Registered"
                    : array.failureReason() + ": " + array.failureMessage());
        }
        if (!directory.malformedEntries().isEmpty()) {
            response.withData("refusedEntries", directory.malformedEntries().size());
        }
        return response.status(registered > 0 || !config.requiredForReadiness()).build();
    }
}
