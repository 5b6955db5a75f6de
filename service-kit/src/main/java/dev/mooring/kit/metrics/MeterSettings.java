package dev.mooring.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * Every {@code mooring.*} timer becomes a Prometheus histogram with one fixed set of buckets (10 ms to 30 min), so a
 * dashboard can take quantiles across instances ({@code histogram_quantile} over {@code _bucket}); the buckets are
 * few and fixed, so a timer's series stay bounded by its labels.
 */
@Singleton
public class MeterSettings {

    /** The bucket bounds, in seconds: request latencies at the low end, takeover phases and outbox lag at the high. */
    static final double[] BUCKET_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};

    @Produces
    @Singleton
    MeterFilter mooringHistograms() {
        double[] nanos = LongStream.range(0, BUCKET_SECONDS.length)
                .mapToDouble(i -> Duration.ofMillis(Math.round(BUCKET_SECONDS[(int) i] * 1000)).toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("mooring.")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(nanos)
                        .build().merge(config);
            }
        };
    }
}
