package dev.mooring.health.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.health.domain.Share;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.service.TakeoverPauses;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real defaults of the takeover pause, as an operator gets them with no setting at all. */
class HealthConfigDefaultsTest {

    private static HealthConfig config(Map<String, String> settings) {
        // Durations as Quarkus reads them ("40s").
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(HealthConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build();
        return config.getConfigMapping(HealthConfig.class);
    }

    @Test
    void takeoversPauseAboveAThirdOfTheNodesAtLeastThreeAndAfterFortySecondsOfLeaseSilence() {
        HealthConfig defaults = config(Map.of());

        TakeoverGate.Settings settings = TakeoverPauses.settings(defaults);

        assertThat(settings).isEqualTo(TakeoverGate.Settings.defaults(Duration.ofSeconds(40)));
        assertThat(settings.share()).isEqualTo(new Share(1, 3));
        assertThat(settings.minimum()).isEqualTo(3);
        assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.staleAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.reconnectTolerance()).isEqualTo(Duration.ofSeconds(5));
        // The stale bound leaves a stalled API server time to be noticed before any deadline (120 s - 40 s).
        assertThat(settings.staleAfter()).isLessThan(defaults.takeoverAfter().minus(defaults.gracePeriod()));
    }

    @Test
    void aBadSettingFailsTheStartNamingItsKey() {
        assertThatThrownBy(() -> TakeoverPauses.settings(config(Map.of(
                "mooring.health.takeover-pause.mass-silence-share", "a third"))))
                .hasMessageContaining("mooring.health.takeover-pause.mass-silence-share")
                .hasMessageContaining("'a third' is not a share");
        assertThatThrownBy(() -> TakeoverPauses.settings(config(Map.of(
                "mooring.health.takeover-pause.mass-silence-minimum", "0"))))
                .hasMessageContaining("mooring.health.takeover-pause.mass-silence-minimum");
    }
}
