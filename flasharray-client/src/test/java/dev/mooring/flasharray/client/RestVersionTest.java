package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestVersionTest {

    private static final RestVersion MIN = RestVersion.V2_2;

    @Test
    void comparesNumerically() {
        assertThat(RestVersion.parse("2.9")).isLessThan(RestVersion.parse("2.10"));
        assertThat(RestVersion.parse("2.36")).isGreaterThan(RestVersion.parse("2.4"));
        assertThat(RestVersion.parse("1.19")).isLessThan(RestVersion.parse("2.0"));
        assertThat(RestVersion.parse("2.10").toString()).isEqualTo("2.10");
    }

    @Test
    void picksTheHighestCommon2x() {
        List<String> offered = List.of("1.0", "1.19", "2.0", "2.1", "2.2", "2.9", "2.10", "2.4");
        assertThat(RestVersion.negotiate(offered, MIN, null)).hasValue(new RestVersion(2, 10));
        assertThat(RestVersion.negotiate(offered, MIN, RestVersion.parse("2.9"))).hasValue(new RestVersion(2, 9));
        assertThat(RestVersion.negotiate(offered, MIN, RestVersion.parse("2.5"))).hasValue(new RestVersion(2, 4));
    }

    @Test
    void ignoresOneXThreeXAndJunk() {
        assertThat(RestVersion.negotiate(List.of("1.19", "3.0", "banana", "2.x", "2.3"), MIN, null))
                .hasValue(new RestVersion(2, 3));
    }

    @Test
    void emptyWhenNothingInRange() {
        assertThat(RestVersion.negotiate(List.of("1.17", "2.0", "2.1"), MIN, null)).isEmpty();
        assertThat(RestVersion.negotiate(List.of("2.40"), MIN, RestVersion.parse("2.30"))).isEmpty();
        assertThat(RestVersion.negotiate(List.of(), MIN, null)).isEmpty();
        assertThat(RestVersion.negotiate(null, MIN, null)).isEmpty();
    }

    @Test
    void skippedVersionsAreFine() {
        assertThat(RestVersion.negotiate(List.of("2.11", "2.13", "2.17"), MIN, RestVersion.parse("2.12")))
                .hasValue(new RestVersion(2, 11));
    }

    @Test
    void parseRefusesGarbage() {
        assertThatThrownBy(() -> RestVersion.parse("2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RestVersion.parse("v2.1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RestVersion.tryParse("2.x")).isEmpty();
    }

    @Test
    void builderValidatesRange() {
        FlashArrayClient.Builder b = FlashArrayClient.builder();
        assertThatThrownBy(() -> b.restVersionRange("2.1", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.restVersionRange("2.10", "2.9")).isInstanceOf(IllegalArgumentException.class);
        b.restVersionRange("2.2", "2.35");
    }
}
