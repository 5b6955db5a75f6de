package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlashArrayNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "pvc-1234", "Node1", "0abc", "a-b-c",
            "x23456789012345678901234567890123456789012345678901234567890123"})
    void valid(String name) {
        assertThat(FlashArrayNames.isValid(name)).isTrue();
        assertThat(FlashArrayNames.requireValid(name)).isEqualTo(name);
        assertThat(FlashArrayNames.hostNameFor(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a_b", "a.b", "a b", "pod::v", "é",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void invalid(String name) {
        assertThat(FlashArrayNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> FlashArrayNames.requireValid(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qualifiedNames() {
        assertThat(FlashArrayNames.qualify("pod1", "pvc-1")).isEqualTo("pod1::pvc-1");
        assertThat(FlashArrayNames.isValidQualified("realm1::pod1::v")).isTrue();
        assertThat(FlashArrayNames.isValidQualified("a::b::c::d")).isFalse();
        assertThat(FlashArrayNames.isValidQualified("pod1::")).isFalse();
        assertThat(FlashArrayNames.containerOf("realm1::pod1::v")).hasValue("realm1::pod1");
        assertThat(FlashArrayNames.containerOf("v")).isEmpty();
        assertThat(FlashArrayNames.baseName("pod1::v")).isEqualTo("v");
        assertThatThrownBy(() -> FlashArrayNames.qualify("pod_1", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostNameForDottedNodeNames() {
        String h = FlashArrayNames.hostNameFor("worker-1.eu-west-1.compute.internal");
        assertThat(h).matches("worker-1-eu-west-1-compute-internal-[0-9a-f]{8}");
        assertThat(FlashArrayNames.isValid(h)).isTrue();
        // deterministic
        assertThat(FlashArrayNames.hostNameFor("worker-1.eu-west-1.compute.internal")).isEqualTo(h);
        // two node names that sanitise alike still differ
        assertThat(FlashArrayNames.hostNameFor("a.b")).isNotEqualTo(FlashArrayNames.hostNameFor("a_b"));
    }

    @Test
    void hostNameForLongNodeNames() {
        String node = "ip-10-0-12-34." + "very-long-subdomain-".repeat(10) + "example.com";
        String h = FlashArrayNames.hostNameFor(node);
        assertThat(h).hasSizeLessThanOrEqualTo(63);
        assertThat(FlashArrayNames.isValid(h)).isTrue();
        assertThat(h).startsWith("ip-10-0-12-34-very-long").endsWith("-" + FlashArrayNames.shortHash(node));
        String longValid = "n".repeat(80);
        assertThat(FlashArrayNames.hostNameFor(longValid)).hasSize(63).startsWith("n".repeat(54) + "-");
    }

    @Test
    void hostNameForOddStarts() {
        assertThat(FlashArrayNames.hostNameFor("-node")).matches("node-[0-9a-f]{8}");
        assertThat(FlashArrayNames.hostNameFor("...")).matches("h-[0-9a-f]{8}");
        assertThat(FlashArrayNames.hostNameFor("node..a")).matches("node-a-[0-9a-f]{8}");
    }
}
