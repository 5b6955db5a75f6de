package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.StorageSettingsParser.Parsed;
import dev.mooring.provisioner.domain.StorageSettingsParser.Problem;
import dev.mooring.provisioner.domain.StorageSettingsParser.Rejected;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageSettingsParserTest {

    private static final long GIB = StorageSettings.GIB;
    private static final StorageSettings DEFAULTS = StorageSettingsParser.defaults();

    @Test
    void givenKeysReplaceTheBaseAndTheRestStays() {
        StorageSettings settings = parsed(Map.of("driveSpecs", "size=150, size=200", "maxStorageNodesPerZone", "2",
                "expansionMode", "ADD"));

        assertThat(settings.driveSizesBytes()).containsExactly(150 * GIB, 200 * GIB);
        assertThat(settings.maxStorageNodesPerZone()).hasValue(2);
        assertThat(settings.expansionMode()).isEqualTo(StorageSettings.ExpansionMode.add);
        assertThat(settings.expansionThresholdPercent()).isEqualTo(80);
        assertThat(settings.maxDrivesPerNode()).isEqualTo(DEFAULTS.maxDrivesPerNode());
    }

    @Test
    void theDefaultsAreOneDriveEveryNodeAStorageNodeAndGrowAtEightyPercent() {
        assertThat(DEFAULTS.driveSizesBytes()).containsExactly(150 * GIB);
        assertThat(DEFAULTS.maxStorageNodesPerZone()).isEmpty();
        assertThat(DEFAULTS.expansionThresholdPercent()).isEqualTo(80);
        assertThat(DEFAULTS.expansionMode()).isEqualTo(StorageSettings.ExpansionMode.grow);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(Map.of("driveSpecs", "size=150;size=150\nsize=10"), "driveSpecs", "size=150,size=150,size=10"),
                Arguments.of(Map.of("maxStorageNodesPerZone", ""), "maxStorageNodesPerZone", "unlimited"),
                Arguments.of(Map.of("maxStorageNodesPerZone", "unlimited"), "maxStorageNodesPerZone", "unlimited"),
                Arguments.of(Map.of("expansionThresholdPercent", "75%"), "expansionThresholdPercent", "75"),
                Arguments.of(Map.of("maxDriveSizeGiB", " 4096 "), "maxDriveSizeGiB", "4096"),
                Arguments.of(Map.of("expansionMode", "grow"), "expansionMode", "grow"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptedValues(Map<String, String> values, String key, String shown) {
        assertThat(parsed(values).asMap().get(key).toString()).isEqualTo(shown);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Map.of("driveSpecs", ""), "driveSpecs", "is empty"),
                Arguments.of(Map.of("driveSpecs", "150"), "driveSpecs", "drive 1 ('150') is not key=value"),
                Arguments.of(Map.of("driveSpecs", "size=150,type=gp2"), "driveSpecs", "drive 2 ('type=gp2') has unknown key 'type'"),
                Arguments.of(Map.of("driveSpecs", "size=big"), "driveSpecs", "size must be a whole number of GiB"),
                Arguments.of(Map.of("driveSpecs", "size=0"), "driveSpecs", "size must be between 1 and"),
                Arguments.of(Map.of("maxStorageNodesPerZone", "0"), "maxStorageNodesPerZone", "'0' is not a positive whole number"),
                Arguments.of(Map.of("maxStorageNodesPerZone", "two"), "maxStorageNodesPerZone", "'two' is not a positive"),
                Arguments.of(Map.of("expansionThresholdPercent", "100"), "expansionThresholdPercent", "between 1 and 99"),
                Arguments.of(Map.of("expansionThresholdPercent", "eighty"), "expansionThresholdPercent", "'eighty' is not"),
                Arguments.of(Map.of("maxDrivesPerNode", "-1"), "maxDrivesPerNode", "between 1 and 64"),
                Arguments.of(Map.of("maxDriveSizeGiB", "1.5"), "maxDriveSizeGiB", "'1.5' is not a whole number of GiB"),
                Arguments.of(Map.of("expansionMode", "shrink"), "expansionMode", "'shrink' is not a mode; use grow"),
                Arguments.of(Map.of("maxStorageNodes", "2"), "maxStorageNodes", "unknown key"),
                Arguments.of(Map.of("driveSpecs", "size=150,size=150", "maxDrivesPerNode", "1"), "maxDrivesPerNode",
                        "1 is fewer than the 2 drives driveSpecs gives each storage node"),
                Arguments.of(Map.of("driveSpecs", "size=500", "maxDriveSizeGiB", "400"), "maxDriveSizeGiB",
                        "400 GiB is smaller than a drive of driveSpecs (500 GiB)"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedValuesNameTheKeyAndTheReason(Map<String, String> values, String key, String reason) {
        StorageSettingsParser.Result result = StorageSettingsParser.parse(values, DEFAULTS);

        assertThat(result).isInstanceOf(Rejected.class);
        List<Problem> problems = ((Rejected) result).problems();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.reason()).contains(reason);
        });
        assertThat(((Rejected) result).message()).startsWith(problems.get(0).key() + ": ");
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        StorageSettingsParser.Result result = StorageSettingsParser.parse(Map.of("expansionMode", "x",
                "maxDrivesPerNode", "y"), DEFAULTS);

        assertThat(((Rejected) result).problems()).extracting(Problem::key)
                .containsExactlyInAnyOrder("expansionMode", "maxDrivesPerNode");
    }

    @Test
    void anEmptyOverrideIsTheBase() {
        StorageSettings base = new StorageSettings(List.of(GIB), OptionalInt.of(3), 70, 4, 10 * GIB,
                StorageSettings.ExpansionMode.add);

        assertThat(((Parsed) StorageSettingsParser.parse(Map.of(), base)).settings()).isEqualTo(base);
    }

    private static StorageSettings parsed(Map<String, String> values) {
        StorageSettingsParser.Result result = StorageSettingsParser.parse(values, DEFAULTS);
        assertThat(result).isInstanceOf(Parsed.class);
        return ((Parsed) result).settings();
    }
}
