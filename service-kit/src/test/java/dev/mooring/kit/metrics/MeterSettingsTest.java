package dev.mooring.kit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Mooring's timers are histograms with the fixed buckets; others are left alone; request kinds parse or fail clearly. */
class MeterSettingsTest {

    @Test
    void mooringTimersGetTheFixedBucketsAndOtherTimersNone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterSettings().mooringHistograms());
        Timer ours = registry.timer("mooring.request.outcome", "kind", "volume_create");
        Timer theirs = registry.timer("http.server.requests");
        ours.record(Duration.ofSeconds(3));

        CountAtBucket[] buckets = ours.takeSnapshot().histogramCounts();
        assertThat(buckets).hasSize(MeterSettings.BUCKET_SECONDS.length);
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket(java.util.concurrent.TimeUnit.SECONDS) >= 5)
                .allMatch(b -> b.count() == 1)).as("3 s counted in every bucket from 5 s up").isTrue();
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket(java.util.concurrent.TimeUnit.SECONDS) <= 2.5)
                .allMatch(b -> b.count() == 0)).isTrue();
        assertThat(theirs.takeSnapshot().histogramCounts()).isEmpty();
    }

    @Test
    void requestKindsAreReadInEitherSpellingAndAnUnknownOneNamesTheSetting() {
        assertThat(RequestOutcomes.kind("volume_create")).isEqualTo(RequestOutcomes.Kind.VOLUME_CREATE);
        assertThat(RequestOutcomes.kind(" volume-attach ")).isEqualTo(RequestOutcomes.Kind.VOLUME_ATTACH);
        assertThatThrownBy(() -> RequestOutcomes.kind("volume_clone"))
                .hasMessageContaining("mooring.metrics.request-kinds").hasMessageContaining("volume_clone")
                .hasMessageContaining("volume_detach");
    }
}
