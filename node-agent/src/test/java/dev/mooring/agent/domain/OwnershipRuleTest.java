package dev.mooring.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ownership rule: only 3624a9370 + the serial of a volume Mooring attached here may be touched. */
class OwnershipRuleTest {

    private final OwnershipRule rule = OwnershipRule.of(Set.of("6C1B16CE1C034D1C00000001"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "3624a93706c1b16ce1c034d1c00000001, true",   // ours
            "3624A93706C1B16CE1C034D1C00000001, true",   // any case
            "naa.624a93706c1b16ce1c034d1c00000001, true", // sysfs spelling
            "3624a93706c1b16ce1c034d1c00000002, false",  // a FlashArray LUN Mooring did not attach here
            "36000c2931a2b3c4d5e6f708192a3b4c5, false",  // a VMware boot disk
            "3600508b400105e210000900000490000, false",  // another vendor's LUN
            "3624a93706c1b16ce1c034d1c0000000, false",   // truncated
            "'', false"})
    void permits(String wwid, boolean permitted) {
        assertThat(rule.permits(wwid)).isEqualTo(permitted);
    }

    @ParameterizedTest
    @CsvSource({"36000c2931a2b3c4d5e6f708192a3b4c5", "3624a93706c1b16ce1c034d1c00000002"})
    void refusalNamesTheDeviceAndTheAction(String wwid) {
        assertThatThrownBy(() -> rule.require(wwid, "flush")).isInstanceOf(OwnershipRule.NotOwnedException.class)
                .hasMessage("refused to flush device " + wwid + ": it is not a FlashArray volume Mooring attached to"
                        + " this node");
    }

    @ParameterizedTest
    @CsvSource({"6c1b16ce1c034d1c00000001, 3624a93706c1b16ce1c034d1c00000001"})
    void wwidOfASerial(String serial, String wwid) {
        assertThat(Wwids.ofSerial(serial)).isEqualTo(wwid);
        assertThat(Wwids.serialOf(wwid)).hasValue(serial);
    }
}
